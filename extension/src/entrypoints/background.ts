import { openDocument } from '@pactline/shared/sync';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { storage } from 'wxt/utils/storage';
import { routeMessage } from '../background/message-router.js';
import { registerOptionalHosts } from '../background/optional-hosts.js';
import { refreshAttention, urlOfNotification } from '../background/toolbar-and-alarms.js';
import { WorkspaceSession } from '../background/workspace-session.js';
import { MessageType } from '../protocol/messages.js';
import { settingsItem } from '../settings/settings-item.js';
import type { Settings } from '../settings/settings-schema.js';
import { extensionTokenStore } from '../settings/token-store.js';
import { loadTrustedSettings } from '../settings/trusted-settings.js';

/** Wakes the worker regularly so the badge and alarms follow clocks even with no page open. */
const heartbeatAlarm = 'pactline-heartbeat';

export default defineBackground(() => {
  const tokens = extensionTokenStore();
  let settings: Settings | null = null;
  const loadSettings = async () => {
    settings ??= await loadTrustedSettings(settingsItem, tokens);
    return settings;
  };

  let changeTimer: ReturnType<typeof setTimeout> | undefined;
  const session = new WorkspaceSession({
    open: openDocument,
    nowMs: () => Date.now(),
    // Coalesce bursts (a sync brings many updates) into one round of tab messages and badge work.
    onChange: () => {
      clearTimeout(changeTimer);
      changeTimer = setTimeout(() => void afterChange(), 50);
    },
  });

  const current = async () => session.get(await loadSettings());

  async function refreshBadge(): Promise<void> {
    const opened = await current();
    if ('ok' in opened) {
      await browser.action.setBadgeText({ text: '' });
      return;
    }
    await opened.workspace.whenLoaded;
    await refreshAttention(opened.workspace.snapshot(), opened.viewer, Date.now(), {
      browser,
      getItem: (key) => storage.getItem<string[]>(key),
      setItem: (key, value) => storage.setItem(key, value),
    });
  }

  async function afterChange(): Promise<void> {
    const tabs = await browser.tabs.query({});
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined
          ? undefined
          : browser.tabs.sendMessage(tab.id, { type: MessageType.recordChanged }).catch(() => undefined),
      ),
    );
    await refreshBadge().catch((error) => console.warn('Pactline: badge', error));
  }

  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // The popup and options pages run on the extension's origin (even when opened in a tab); a
    // content script's frame is the CRM page, and its tab's address names the record on screen.
    const frameUrl = sender.url ?? '';
    void routeMessage(message, {
      sender: frameUrl.startsWith(extensionOrigin)
        ? { kind: 'extension_page' }
        : { kind: 'crm_page', pageUrl: sender.tab?.url ?? frameUrl },
      workspace: async () => {
        const opened = await current();
        return 'ok' in opened ? opened : opened.workspace;
      },
      viewer: () => {
        const opened = settings ? session.get(settings) : null;
        return opened && !('ok' in opened) ? opened.viewer : { userId: 'unknown', role: 'viewer' };
      },
      nowMs: () => Date.now(),
      newId: () => crypto.randomUUID(),
    }).then(sendResponse);
    return true;
  });

  settingsItem.watch(async () => {
    // The token is not in the stored value: read it from its store (moving it there if a page
    // or an older version put it in the settings).
    const loaded = await loadTrustedSettings(settingsItem, tokens);
    settings = loaded;
    void registerOptionalHosts(browser, loaded).catch((error) => console.warn('Pactline: hosts', error));
    void afterChange();
  });

  browser.alarms.onAlarm.addListener(
    () => void refreshBadge().catch((error) => console.warn('Pactline: alarm', error)),
  );
  browser.notifications.onClicked.addListener((notificationId) => {
    const url = urlOfNotification(notificationId);
    if (url) void browser.tabs.create({ url });
  });

  void browser.alarms.create(heartbeatAlarm, { periodInMinutes: 1 });
  void loadSettings().then(async (loaded) => {
    await registerOptionalHosts(browser, loaded).catch((error) => console.warn('Pactline: hosts', error));
    await refreshBadge().catch((error) => console.warn('Pactline: badge', error));
  });
});
