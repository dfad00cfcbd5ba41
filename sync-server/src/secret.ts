import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const secretFileName = 'relay-secret';
/** The same minimum `PACTLINE_SECRET` must meet: a stored secret gets no easier rule. */
export const minSecretLength = 16;

export type SecretResult = { ok: true; secret: string } | { ok: false; code: 'weak_secret'; message: string };

/**
 * The HS256 key: the configured one, or (in development) one generated on first start and kept in
 * the data dir so that tokens minted earlier stay valid across restarts. The data dir is created
 * for the relay's user alone (0700) and the file is 0600. A stored secret shorter than the minimum
 * is refused, not replaced: tokens may have been minted with it, and someone should decide.
 */
export function resolveSecret(configured: string | undefined, dataDir: string): SecretResult {
  if (configured !== undefined) return { ok: true, secret: configured };
  const path = join(dataDir, secretFileName);
  const checked = (stored: string): SecretResult =>
    stored.length >= minSecretLength
      ? { ok: true, secret: stored }
      : {
          ok: false,
          code: 'weak_secret',
          message: `the secret in ${path} is shorter than ${minSecretLength} characters; delete the file to have a new one generated (tokens minted with the old one stop working) or set PACTLINE_SECRET`,
        };
  try {
    return checked(readFileSync(path, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(32).toString('base64url');
  // `wx` fails if another process created the file meanwhile; then its secret wins.
  try {
    writeFileSync(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { ok: true, secret: generated };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return checked(readFileSync(path, 'utf8').trim());
  }
}
