import { describe, expect, it } from 'vitest';
import { planLinkSettings } from './link-settings';

const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
const token = (sub: string) =>
  `${encode({ alg: 'HS256' })}.${encode({ ws: 'acme', sub, role: 'admin', exp: 4_000_000_000 })}.signature`;
const saved = { relayUrl: 'wss://relay.acme.example', token: token('ana') };

describe('settings carried by a link', () => {
  it('applies a token at once on a device without one, for the relay it already uses', () => {
    const plan = planLinkSettings({ relayUrl: saved.relayUrl, token: '' }, { token: token('ana') });
    expect(plan).toEqual({ kind: 'apply', settings: { relayUrl: saved.relayUrl, token: token('ana') } });
  });

  it('asks before pointing the device at another relay, even with no token saved', () => {
    const plan = planLinkSettings(
      { relayUrl: saved.relayUrl, token: '' },
      { token: token('ana'), relayUrl: 'wss://relay.evil.example' },
    );
    expect(plan).toMatchObject({
      kind: 'confirm',
      isRelayChange: true,
      settings: { relayUrl: 'wss://relay.evil.example' },
    });
  });

  it('asks before replacing a saved token, and names who the link signs in as', () => {
    const plan = planLinkSettings(saved, { token: token('mallory') });
    expect(plan).toMatchObject({
      kind: 'confirm',
      isRelayChange: false,
      isTokenReplaced: true,
      claims: { sub: 'mallory' },
    });
  });

  it('refuses a relay that is not a websocket address and a token that does not decode', () => {
    expect(
      planLinkSettings(saved, { token: token('ana'), relayUrl: 'https://relay.evil.example' }),
    ).toMatchObject({
      kind: 'refused',
    });
    expect(planLinkSettings(saved, { token: 'not-a-token' })).toMatchObject({ kind: 'refused' });
    expect(planLinkSettings(saved, {})).toEqual({ kind: 'none' });
  });
});
