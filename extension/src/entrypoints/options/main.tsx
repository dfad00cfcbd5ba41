import { render } from 'preact';
import { browser } from 'wxt/browser';
import { builtInHostPatterns } from '../../crm/host-patterns.js';
import { OptionsApp } from '../../options/options-app.js';
import { settingsItem } from '../../settings/settings-item.js';
import { extensionTokenStore } from '../../settings/token-store.js';
import { loadTrustedSettings, saveTrustedSettings } from '../../settings/trusted-settings.js';

const builtIn = new Set(builtInHostPatterns);
const tokens = extensionTokenStore();

render(
  <OptionsApp
    load={() => loadTrustedSettings(settingsItem, tokens)}
    save={(settings) => saveTrustedSettings(settingsItem, tokens, settings)}
    requestOrigins={(origins) => browser.permissions.request({ origins })}
    removeOrigins={(origins) => browser.permissions.remove({ origins })}
    grantedOrigins={async () =>
      ((await browser.permissions.getAll()).origins ?? []).filter((origin) => !builtIn.has(origin))
    }
    timeZones={Intl.supportedValuesOf('timeZone')}
    nowMs={() => Date.now()}
  />,
  document.getElementById('app')!,
);
