import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relayIdIn } from './relay-id.js';

describe('the relay id kept in the data dir', () => {
  it('is made once and read back the same after a restart', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pactline-relay-id-')), 'relay-id');
    const first = relayIdIn(path);
    expect(first).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(relayIdIn(path)).toBe(first);
    expect(readFileSync(path, 'utf8')).toBe(first);
  });

  it('replaces a file that does not hold an id (what was tried: empty, spaces, a path, too long)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pactline-relay-id-'));
    for (const [index, content] of ['', '   ', '../../etc/passwd', 'x'.repeat(100)].entries()) {
      const path = join(dir, `relay-id-${index}`);
      writeFileSync(path, content);
      const id = relayIdIn(path);
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(readFileSync(path, 'utf8')).toBe(id);
    }
  });
});
