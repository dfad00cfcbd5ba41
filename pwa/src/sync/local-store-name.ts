/**
 * Where this device keeps its local copy of a room, per relay: one relay's documents never sync to
 * another. A device moved to a second relay (by a link it was asked about, or by hand) starts an
 * empty copy there, and its copy for the first relay waits untouched for its return.
 *
 * The stores named before relays were told apart (`pactline:<room>`) belong to the first relay
 * this device syncs with; recorded once, so that store is adopted by its relay and no other. A
 * device without a relay (local only) works in that same store, which its first relay then
 * receives: the person's own work, sent where they chose to sign in.
 */

export const unscopedOwnerKey = 'pactline.unscoped-store-relay';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

/** A relay address as a store-name part: scheme, host and port, path; lower case, no trailing slash. */
export function relayKey(relayUrl: string): string {
  try {
    const url = new URL(relayUrl);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.protocol}//${url.host}${path}`.toLowerCase();
  } catch {
    return relayUrl.trim().toLowerCase();
  }
}

/** The scope of this device's local stores for a relay: '' for the unscoped stores. */
export function localScope(relayUrl: string | null, storage: KeyValue): string {
  if (relayUrl === null) return '';
  const key = relayKey(relayUrl);
  let owner = storage.getItem(unscopedOwnerKey);
  if (owner === null) {
    storage.setItem(unscopedOwnerKey, key);
    owner = key;
  }
  return owner === key ? '' : key;
}

/** The IndexedDB name of a room's local copy in a scope. */
export function localStoreName(room: string, scope: string): string {
  return scope === '' ? `pactline:${room}` : `pactline:${scope}|${room}`;
}
