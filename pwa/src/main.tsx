import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { defaultRelayUrl, loadSettings, saveSettings, takeSettingsFromHash } from './settings/settings-store';
import { readTokenClaims } from './settings/token';

function start(): void {
  const storage = window.localStorage;
  const settings = loadSettings(storage, defaultRelayUrl(window.location));
  // A link carrying `#token=...` (and optionally `relay=...`) configures this device once.
  const fromHash = takeSettingsFromHash(window.location.hash);
  if (fromHash.token !== undefined && readTokenClaims(fromHash.token).ok) {
    settings.token = fromHash.token;
    if (fromHash.relayUrl) settings.relayUrl = fromHash.relayUrl;
    saveSettings(storage, settings);
    history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${fromHash.rest || '/'}`,
    );
  }
  render(<App initialSettings={settings} storage={storage} />, document.getElementById('app') as HTMLElement);
  void requestPersistentStorage();
  void registerServiceWorker();
}

/** Asks the browser not to evict the local copy under storage pressure; the answer is kept visible. */
async function requestPersistentStorage(): Promise<void> {
  if (!navigator.storage?.persist) return;
  const isPersisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  document.documentElement.dataset.storage = isPersisted ? 'persistent' : 'best-effort';
}

async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  // The generated worker precaches the shell and every lazy chunk; scope is the app's folder.
  await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, {
    scope: import.meta.env.BASE_URL,
  });
}

start();
