import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecret } from './secret.js';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'pactline-secret-')), 'data');

describe('resolveSecret', () => {
  it('generates a secret once, readable by the relay user alone, and keeps it across starts', () => {
    const dataDir = freshDir();
    const first = resolveSecret(undefined, dataDir);
    expect(first).toMatchObject({ ok: true });
    expect(resolveSecret(undefined, dataDir)).toEqual(first);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'relay-secret')).mode & 0o777).toBe(0o600);
  });

  it('refuses a short secret left in the data dir instead of accepting it', () => {
    const dataDir = freshDir();
    resolveSecret(undefined, dataDir);
    writeFileSync(join(dataDir, 'relay-secret'), 'password\n');
    const result = resolveSecret(undefined, dataDir);
    expect(result).toMatchObject({ ok: false, code: 'weak_secret' });
    expect(result.ok ? '' : result.message).toContain('shorter than 16 characters');
  });
});
