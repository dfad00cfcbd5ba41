import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../popup/popup-app.js';
import { MessageType, parseClocksResponse } from '../../protocol/messages.js';
import { settingsItem } from '../../settings/settings-item.js';
import { readSettings } from '../../settings/settings-schema.js';

const settings = readSettings(await settingsItem.getValue());
const load = async () =>
  parseClocksResponse(await browser.runtime.sendMessage({ type: MessageType.listClocks }));

render(
  <PopupApp
    load={load}
    openUrl={(url) => void browser.tabs.create({ url })}
    timeZone={settings.displayTimeZone || Intl.DateTimeFormat().resolvedOptions().timeZone}
  />,
  document.getElementById('app')!,
);
