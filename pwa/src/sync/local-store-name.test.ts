import { describe, expect, it } from 'vitest';
import { localScope, localStoreName, relayKey, unscopedOwnerKey } from './local-store-name';

function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

describe('local store names', () => {
  it('gives the unscoped stores to the first relay, and every other relay its own', () => {
    const storage = memoryStorage();
    const home = localScope('wss://relay.initech.example/', storage);
    expect(home).toBe('');
    expect(storage.map.get(unscopedOwnerKey)).toBe('wss://relay.initech.example');
    expect(localStoreName('initech/directory', home)).toBe('pactline:initech/directory');
    const other = localScope('wss://relay.mallory.example', storage);
    expect(localStoreName('initech/directory', other)).toBe(
      'pactline:wss://relay.mallory.example|initech/directory',
    );
    // Back home: the same unscoped store, whatever the spelling of the address.
    expect(localScope('WSS://relay.initech.example', storage)).toBe('');
  });

  it('keeps a device without a relay in the unscoped store', () => {
    expect(localScope(null, memoryStorage())).toBe('');
    expect(localScope(null, memoryStorage({ [unscopedOwnerKey]: 'wss://a.example' }))).toBe('');
  });

  it('tells relays apart by port and path too', () => {
    expect(relayKey('ws://127.0.0.1:1234')).not.toBe(relayKey('ws://127.0.0.1:1235'));
    expect(relayKey('wss://host.example/a')).not.toBe(relayKey('wss://host.example/b'));
    expect(relayKey('not a url')).toBe('not a url');
  });
});
