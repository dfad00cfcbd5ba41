import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { LinkConfirm } from './settings/link-confirm';
import { planLinkSettings } from './settings/link-settings';
import {
  defaultRelayUrl,
  loadSettings,
  type Settings,
  saveSettings,
  takeSettingsFromHash,
} from './settings/settings-store';

function start(): void {
  const storage = window.localStorage;
  const root = document.getElementById('app') as HTMLElement;
  const settings = loadSettings(storage, defaultRelayUrl(window.location));
  // A link carrying `#token=...` (and optionally `relay=...`) configures this device, asking first
  // when it would change the relay or replace a saved token (see `link-settings.ts`).
  const fromHash = takeSettingsFromHash(window.location.hash);
  const plan = planLinkSettings(settings, fromHash);
  if (plan.kind !== 'none') {
    // The token leaves the address bar (and the history) whatever the answer.
    history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${fromHash.rest || '/'}`,
    );
  }
  const run = (chosen: Settings) => render(<App initialSettings={chosen} storage={storage} />, root);
  if (plan.kind === 'apply') {
    saveSettings(storage, plan.settings);
    run(plan.settings);
  } else if (plan.kind === 'confirm' || plan.kind === 'refused') {
    render(
      <LinkConfirm
        plan={plan}
        current={settings}
        onAccept={(chosen) => {
          saveSettings(storage, chosen);
          run(chosen);
        }}
        onKeep={() => run(settings)}
      />,
      root,
    );
  } else {
    run(settings);
  }
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
