import { readSettings, type Settings } from './settings-schema.js';

/**
 * The relay token lives in the extension's own IndexedDB, never in `storage.local`: content scripts
 * run in every CRM page's process and can read `storage.local` (browsers only let `storage.session`
 * be closed to them), but the extension origin's IndexedDB is out of their reach. The stored
 * settings keep the relay address and a token revision, bumped on every change of token, so what
 * watches the settings still hears of a new token. Only trusted pages (the service worker and the
 * options page) call these.
 */

export type SettingsItem = {
  getValue(): Promise<unknown>;
  setValue(value: Settings): Promise<void>;
};
export type TokenStore = { get(): Promise<string | undefined>; set(token: string): Promise<void> };

/**
 * The settings with the token. A token still in the stored settings (saved by a version before
 * this one) moves to the token store first, and the stored copy is blanked.
 */
export async function loadTrustedSettings(item: SettingsItem, tokens: TokenStore): Promise<Settings> {
  const stored = readSettings(await item.getValue());
  if (stored.relay.token !== '') {
    await tokens.set(stored.relay.token);
    await item.setValue(withoutToken(stored, (stored.relay.tokenRevision ?? 0) + 1));
    return stored;
  }
  return { ...stored, relay: { ...stored.relay, token: (await tokens.get()) ?? '' } };
}

/** Saves settings from the options page: the token to its store, the rest without it. */
export async function saveTrustedSettings(
  item: SettingsItem,
  tokens: TokenStore,
  next: Settings,
): Promise<void> {
  const stored = readSettings(await item.getValue());
  // A token still in storage (an older version's) leaves it now, whether or not it changed.
  const isLeftInStorage = stored.relay.token !== '';
  const previousToken = isLeftInStorage ? stored.relay.token : ((await tokens.get()) ?? '');
  const isNewToken = previousToken !== next.relay.token;
  if (isNewToken || isLeftInStorage) await tokens.set(next.relay.token);
  const revision = (stored.relay.tokenRevision ?? 0) + (isNewToken || isLeftInStorage ? 1 : 0);
  await item.setValue(withoutToken(next, revision));
}

function withoutToken(settings: Settings, tokenRevision: number): Settings {
  return { ...settings, relay: { url: settings.relay.url, token: '', tokenRevision } };
}
