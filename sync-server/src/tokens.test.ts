import { describe, expect, it } from 'vitest';
import { mintToken, verifyToken } from './tokens.js';

const secret = 'a-test-secret-of-enough-length';
const nowMs = Date.UTC(2026, 10, 22, 9, 0);
const claims = { sub: 'ana', ws: 'acme', role: 'editor' as const, exp: nowMs / 1000 + 3600, name: 'Ana' };

describe('relay tokens', () => {
  it('verifies a token it minted and returns its claims', async () => {
    const result = await verifyToken(secret, await mintToken(secret, claims), nowMs);
    expect(result).toEqual({ ok: true, claims });
  });

  it('tells missing, expired and forged tokens apart', async () => {
    expect(await verifyToken(secret, null, nowMs)).toMatchObject({ ok: false, code: 'missing_token' });
    const token = await mintToken(secret, claims);
    expect(await verifyToken(secret, token, nowMs + 2 * 3600_000)).toMatchObject({
      ok: false,
      code: 'expired_token',
    });
    expect(await verifyToken('another-secret-entirely-here', token, nowMs)).toMatchObject({
      ok: false,
      code: 'invalid_token',
    });
    const [header, , signature] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(await verifyToken(secret, `${header}.${tampered}.${signature}`, nowMs)).toMatchObject({
      ok: false,
      code: 'invalid_token',
    });
  });

  it('refuses to mint claims that do not validate', async () => {
    await expect(mintToken(secret, { ...claims, ws: 'has spaces' })).rejects.toThrow();
  });
});
