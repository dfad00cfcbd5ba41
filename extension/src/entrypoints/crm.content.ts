import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { RecordSession } from '../content/record-session.js';
import { watchLocation } from '../content/watch-location.js';
import { builtInHostPatterns } from '../crm/host-patterns.js';
import { createRegistry } from '../crm/registry.js';
import { mountOverlay } from '../overlay/mount-overlay.js';
import { recordChangedSchema } from '../protocol/messages.js';
import { settingsItem } from '../settings/settings-item.js';
import { readSettings, type Settings } from '../settings/settings-schema.js';

export default defineContentScript({
  matches: builtInHostPatterns,
  runAt: 'document_idle',
  async main(ctx) {
    let settings: Settings = readSettings(await settingsItem.getValue());
    let adapters = createRegistry(settings);
    const session: RecordSession = new RecordSession({
      doc: document,
      adapters: () => adapters,
      send: (request) => browser.runtime.sendMessage(request),
      timeZone: () => settings.displayTimeZone || Intl.DateTimeFormat().resolvedOptions().timeZone,
      log: (message, detail) => console.warn(message, detail),
      mount: () =>
        mountOverlay(document, settings.overlayPosition, {
          onAction: (action) => session.act(action),
          onRefresh: () => void session.refresh(),
          // Re-read first so a move never writes back settings the options page changed meanwhile.
          onMoved: (overlayPosition) =>
            void settingsItem
              .getValue()
              .then((stored) => settingsItem.setValue({ ...readSettings(stored), overlayPosition })),
        }),
    });

    const watcher = watchLocation(window, (href) => void session.locationChanged(href));
    // Firefox has no Navigation API: the same once-a-second rhythm as the countdown catches pushState.
    const fallbackTimer = ctx.setInterval(() => watcher.check(), 1000);
    const unwatchSettings = settingsItem.watch((value) => {
      settings = readSettings(value);
      adapters = createRegistry(settings);
    });
    const onMessage = (message: unknown) => {
      if (recordChangedSchema.safeParse(message).success) void session.refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      watcher.stop();
      clearInterval(fallbackTimer);
      unwatchSettings();
      browser.runtime.onMessage.removeListener(onMessage);
      session.clear();
    });
    await session.locationChanged(location.href);
  },
});
