import { render } from 'preact';
import { browser } from 'wxt/browser';
import { builtInHostPatterns } from '../../crm/host-patterns.js';
import { OptionsApp } from '../../options/options-app.js';
import { settingsItem } from '../../settings/settings-item.js';
import { readSettings } from '../../settings/settings-schema.js';

const builtIn = new Set(builtInHostPatterns);

render(
  <OptionsApp
    load={async () => readSettings(await settingsItem.getValue())}
    save={(settings) => settingsItem.setValue(settings)}
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
