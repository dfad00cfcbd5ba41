import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseRoom } from '@pactline/shared';
import { type HandoffLogVerdict, logEntryMaps, verifyHandoffLog } from '@pactline/shared/doc';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

/**
 * `verify-log`: checks the hash chains of every handoff-log month in the relay's store (or the
 * rooms named with `--room`), read-only, while the relay runs or not. Prints one line per month
 * and each break it finds; exits 1 when any chain is broken, 2 when the store cannot be read.
 */
export const verifyLogUsage = 'usage: verify-log [--room <workspace>/handoffs/<yyyy-mm>]…';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export async function runVerifyLogCommand(
  args: string[],
  dataDir: string,
  print: (line: string) => void,
): Promise<number> {
  let rooms: string[];
  try {
    ({
      values: { room: rooms = [] },
    } = parseArgs({ args, options: { room: { type: 'string', multiple: true } }, strict: true }));
  } catch (error) {
    print(`${(error as Error).message}\n${verifyLogUsage}`);
    return 2;
  }
  const path = join(dataDir, 'relay.sqlite');
  if (!existsSync(path)) {
    print(`no relay store at ${path}`);
    return 2;
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const stored = (
      db.prepare('SELECT room FROM snapshots UNION SELECT DISTINCT room FROM updates').all() as {
        room: string;
      }[]
    ).map((row) => row.room);
    const logs = stored.filter((room) => {
      const parsed = parseRoom(room);
      return parsed.ok && parsed.room.kind === 'handoffs';
    });
    const chosen = rooms.length === 0 ? logs.sort() : rooms;
    let isBroken = false;
    for (const room of chosen) {
      if (!logs.includes(room)) {
        print(`${room}: not a handoff log in this store`);
        isBroken = true;
        continue;
      }
      const verdict = await verifyHandoffLog(loadDoc(db, room), sha256Hex);
      for (const line of describe(room, verdict)) print(line);
      if (!verdict.isVerified) isBroken = true;
    }
    return isBroken ? 1 : 0;
  } finally {
    db.close();
  }
}

/** The month's document as the relay would load it: its snapshot, then the updates after it. */
function loadDoc(db: Database.Database, room: string): Y.Doc {
  const doc = new Y.Doc();
  const snapshot = db.prepare('SELECT data, through_seq FROM snapshots WHERE room = ?').get(room) as
    | { data: Buffer; through_seq: number }
    | undefined;
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data));
  const updates = db
    .prepare('SELECT data FROM updates WHERE room = ? AND seq > ? ORDER BY seq')
    .all(room, snapshot?.through_seq ?? 0) as { data: Buffer }[];
  for (const update of updates) Y.applyUpdate(doc, new Uint8Array(update.data));
  return doc;
}

function describe(room: string, verdict: HandoffLogVerdict): string[] {
  const counts = logEntryMaps
    .map((map) => {
      const chain = verdict.chains[map];
      return `${map} ${chain.linked} linked${chain.unlinked > 0 ? `, ${chain.unlinked} not chained` : ''}`;
    })
    .join('; ');
  const since = logEntryMaps
    .map((map) => verdict.chains[map].chainedSinceMs)
    .filter((atMs): atMs is number => atMs !== null);
  const sinceText =
    since.length === 0 ? 'no chain yet' : `chained since ${new Date(Math.min(...since)).toISOString()}`;
  const lines = [`${room}: ${verdict.isVerified ? 'verified' : 'BROKEN'} (${counts}; ${sinceText})`];
  for (const map of logEntryMaps)
    for (const found of verdict.chains[map].breaks) lines.push(`  ${found.message}`);
  return lines;
}
