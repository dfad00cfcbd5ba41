import { describe, expect, it } from 'vitest';
import { checkRelayUrl, loadSettings, saveSettings, takeSettingsFromHash } from './settings-store';
import { isExpired, readTokenClaims } from './token';

function base64Url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function fakeJwt(claims: unknown): string {
  return `${base64Url({ alg: 'HS256', typ: 'JWT' })}.${base64Url(claims)}.signature`;
}

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('token claims', () => {
  it('reads workspace, user, role, name and expiry', () => {
    const read = readTokenClaims(
      fakeJwt({ sub: 'ana', ws: 'acme', role: 'viewer', exp: 2_000_000_000, name: 'Ana' }),
    );
    expect(read).toEqual({
      ok: true,
      claims: { sub: 'ana', ws: 'acme', role: 'viewer', exp: 2_000_000_000, name: 'Ana' },
    });
  });

  it('says what is wrong with text that is not a token', () => {
    expect(readTokenClaims('hello')).toMatchObject({ ok: false, code: 'not_a_jwt' });
    expect(readTokenClaims('a.%%%.c')).toMatchObject({ ok: false, code: 'bad_payload' });
    const missingRole = readTokenClaims(fakeJwt({ sub: 'ana', ws: 'acme', exp: 1 }));
    expect(missingRole).toMatchObject({ ok: false, code: 'bad_claims' });
    expect(missingRole.ok ? '' : missingRole.message).toContain('role');
  });

  it('treats a token as expired from its exp second on', () => {
    const claims = { sub: 'a', ws: 'w', role: 'editor' as const, exp: 100 };
    expect(isExpired(claims, 99_999)).toBe(false);
    expect(isExpired(claims, 100_000)).toBe(true);
  });
});

describe('settings', () => {
  it('takes a token and relay from a link and leaves the route', () => {
    expect(takeSettingsFromHash('#token=abc.def.ghi&relay=wss%3A%2F%2Fr.example')).toEqual({
      token: 'abc.def.ghi',
      relayUrl: 'wss://r.example',
      rest: '',
    });
    expect(takeSettingsFromHash('#/log?token=t.o.k')).toEqual({ token: 't.o.k', rest: '/log' });
    expect(takeSettingsFromHash('#/a/x/rules')).toEqual({ rest: '/a/x/rules' });
  });

  it('accepts only ws and wss relay URLs', () => {
    expect(checkRelayUrl('ws://127.0.0.1:1234/')).toEqual({ ok: true, url: 'ws://127.0.0.1:1234' });
    expect(checkRelayUrl('https://relay.example')).toMatchObject({ ok: false, code: 'bad_url' });
    expect(checkRelayUrl('not a url')).toMatchObject({ ok: false, code: 'bad_url' });
  });

  it('falls back to defaults when the stored settings are unreadable, and round-trips saved ones', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem('pactline.settings.v1', '{broken');
    expect(loadSettings(storage, 'ws://fallback')).toEqual({ relayUrl: 'ws://fallback', token: '' });
    saveSettings(storage, { relayUrl: 'wss://relay', token: 't' });
    expect(loadSettings(storage, 'ws://fallback')).toEqual({ relayUrl: 'wss://relay', token: 't' });
  });
});
