import { describe, expect, it } from 'vitest';
import { decodeToken } from './decode-token.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: unknown) => `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
const nowMs = Date.UTC(2026, 10, 22, 9, 0);

describe('decodeToken', () => {
  it('shows workspace, user, role and expiry of a valid token', () => {
    const exp = Math.floor(nowMs / 1000) + 30 * 86_400;
    expect(
      decodeToken(token({ sub: 'ana', ws: 'acme', role: 'editor', exp, name: 'Ana Souza' }), nowMs),
    ).toEqual({
      ok: true,
      claims: { sub: 'ana', ws: 'acme', role: 'editor', exp, name: 'Ana Souza' },
      expiresAtMs: exp * 1000,
      isExpired: false,
    });
  });

  it('flags an expired token', () => {
    const exp = Math.floor(nowMs / 1000) - 1;
    expect(decodeToken(token({ sub: 'ana', ws: 'acme', role: 'viewer', exp }), nowMs)).toMatchObject({
      ok: true,
      isExpired: true,
    });
  });

  it.each([
    ['', 'empty'],
    ['not-a-token', 'malformed'],
    ['a.%%%.c', 'malformed'],
    [token({ sub: 'ana', ws: 'acme', role: 'owner', exp: 1 }), 'invalid_claims'],
  ])('explains what is wrong with %j', (input, code) => {
    const result = decodeToken(input, nowMs);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok === false && result.message.length).toBeGreaterThan(10);
  });

  it('names the missing claims', () => {
    expect(decodeToken(token({ sub: 'ana' }), nowMs)).toMatchObject({
      message: 'The token lacks valid ws, role, exp.',
    });
  });
});
