import { describe, expect, it } from 'vitest';
import { defaultSettings, readSettings, type Settings } from './settings-schema.js';
import { loadTrustedSettings, saveTrustedSettings } from './trusted-settings.js';

function stores(initial: unknown) {
  let stored: unknown = initial;
  let token: string | undefined;
  const writes: unknown[] = [];
  return {
    item: {
      getValue: async () => stored,
      setValue: async (value: Settings) => {
        stored = value;
        writes.push(value);
      },
    },
    tokens: {
      get: async () => token,
      set: async (value: string) => {
        token = value;
      },
    },
    stored: () => readSettings(stored),
    writes,
  };
}

const relay = { url: 'wss://relay.example.com', token: 'header.payload.signature' };

describe('the relay token kept out of the stored settings', () => {
  it('moves a token saved by an older version out of storage, and still hands it to the worker', async () => {
    const { item, tokens, stored } = stores({ ...defaultSettings, relay });
    const loaded = await loadTrustedSettings(item, tokens);
    expect(loaded.relay).toMatchObject(relay);
    // What a content script can read now: the address, no token.
    expect(stored().relay).toEqual({ url: relay.url, token: '', tokenRevision: 1 });
    expect((await loadTrustedSettings(item, tokens)).relay.token).toBe(relay.token);
  });

  it('saves a new token to its store, bumping the revision watchers see, and never to storage', async () => {
    const { item, tokens, stored, writes } = stores(defaultSettings);
    await saveTrustedSettings(item, tokens, { ...defaultSettings, relay });
    expect(stored().relay).toEqual({ url: relay.url, token: '', tokenRevision: 1 });
    expect(await tokens.get()).toBe(relay.token);
    // A save that changes something else keeps the revision.
    await saveTrustedSettings(item, tokens, { ...defaultSettings, relay, displayTimeZone: 'Europe/Oslo' });
    expect(stored().relay.tokenRevision).toBe(1);
    expect(JSON.stringify(writes)).not.toContain(relay.token);
  });
});
