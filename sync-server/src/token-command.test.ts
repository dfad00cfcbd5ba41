import { describe, expect, it } from 'vitest';
import { runTokenCommand } from './token-command.js';
import { verifyToken } from './tokens.js';

const secret = 'a-secret-of-at-least-16-characters';
const nowMs = Date.UTC(2026, 10, 22, 9, 0, 0);

describe('the token command', () => {
  it('mints a token that decodes with the given claims and expires after the given days', async () => {
    const result = await runTokenCommand(
      ['--workspace', 'acme', '--user', 'ana', '--role', 'editor', '--days', '30', '--name', 'Ana Silva'],
      secret,
      nowMs,
    );
    if (!result.ok) throw new Error(result.message);
    const verified = await verifyToken(secret, result.token, nowMs);
    expect(verified).toEqual({
      ok: true,
      claims: {
        ws: 'acme',
        sub: 'ana',
        role: 'editor',
        name: 'Ana Silva',
        exp: Math.floor(nowMs / 1000) + 30 * 86_400,
      },
    });
    const afterExpiry = await verifyToken(secret, result.token, nowMs + 30 * 86_400_000 + 1000);
    expect(afterExpiry).toMatchObject({ ok: false, code: 'expired_token' });
  });

  it('defaults to 30 days and no display name', async () => {
    const result = await runTokenCommand(
      ['--workspace', 'acme', '--user', 'vic', '--role', 'viewer'],
      secret,
      nowMs,
    );
    if (!result.ok) throw new Error(result.message);
    const verified = await verifyToken(secret, result.token, nowMs);
    expect(verified).toEqual({
      ok: true,
      claims: { ws: 'acme', sub: 'vic', role: 'viewer', exp: Math.floor(nowMs / 1000) + 30 * 86_400 },
    });
  });

  it('refuses an unknown role, naming the flag and the allowed roles', async () => {
    const result = await runTokenCommand(
      ['--workspace', 'acme', '--user', 'ana', '--role', 'root'],
      secret,
      nowMs,
    );
    expect(result).toMatchObject({ ok: false, code: 'invalid_args' });
    if (result.ok) return;
    expect(result.message).toContain('--role must be one of admin, editor, viewer, relay (got "root")');
    expect(result.message).toContain('usage: token');
  });

  it('refuses a missing workspace, naming the missing flag', async () => {
    const result = await runTokenCommand(['--user', 'ana', '--role', 'editor'], secret, nowMs);
    expect(result).toMatchObject({ ok: false, code: 'invalid_args' });
    if (result.ok) return;
    expect(result.message).toMatch(/^missing --workspace\n/);
  });

  it('refuses a workspace id with characters a room name cannot hold, and days that are not positive', async () => {
    const badWorkspace = await runTokenCommand(
      ['--workspace', 'ac/me', '--user', 'ana', '--role', 'editor'],
      secret,
      nowMs,
    );
    expect(badWorkspace.ok).toBe(false);
    if (!badWorkspace.ok) expect(badWorkspace.message).toContain('--workspace: letters, digits');
    const badDays = await runTokenCommand(
      ['--workspace', 'acme', '--user', 'ana', '--role', 'editor', '--days', '0'],
      secret,
      nowMs,
    );
    expect(badDays.ok).toBe(false);
    if (!badDays.ok) expect(badDays.message).toContain('--days must be a positive number');
    const unknownFlag = await runTokenCommand(['--workspace', 'acme', '--team', 'x'], secret, nowMs);
    expect(unknownFlag.ok).toBe(false);
  });
});
