import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * This relay's name among the relays sharing rooms through Redis, kept in its data dir (`relay-id`):
 * a relay restarted after a crash is the same relay to the others, and takes back the leases it
 * held (see `redis-fanout.ts`). Two relays must therefore never share a data dir.
 */
const idPattern = /^[A-Za-z0-9_-]{8,64}$/;

export function relayIdIn(path: string): string {
  try {
    const kept = readFileSync(path, 'utf8').trim();
    if (idPattern.test(kept)) return kept;
  } catch {
    // None yet: made below.
  }
  const id = randomBytes(12).toString('base64url');
  writeFileSync(`${path}.tmp`, id);
  renameSync(`${path}.tmp`, path);
  return id;
}
