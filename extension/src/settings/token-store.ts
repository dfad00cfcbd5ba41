import { createStore, get, set } from 'idb-keyval';
import type { TokenStore } from './trusted-settings.js';

/**
 * The relay token in the extension origin's IndexedDB (idb-keyval: a small, well-kept key-value
 * layer), readable by the service worker and the options page, never by a CRM page's process.
 */
export function extensionTokenStore(): TokenStore {
  const store = createStore('pactline-secrets', 'secrets');
  return {
    get: () => get<string>('relay-token', store),
    set: (token) => set('relay-token', token, store),
  };
}
