import type { WxtBrowser } from 'wxt/browser';
import { hostPermissionFor } from '../crm/generic/generic-pattern.js';
import type { Settings } from '../settings/settings-schema.js';

const scriptId = 'pactline-optional-hosts';

/** The origins beyond the built-in CRMs that the settings ask the content script to run on. */
export function optionalHostPatterns(settings: Settings): string[] {
  return [
    ...new Set([
      ...settings.genericPatterns.map(hostPermissionFor),
      ...settings.salesforceHosts.map((host) => `https://${host}/*`),
    ]),
  ];
}

/**
 * Registers the content script on the optional hosts the user has granted. Hosts asked for but not
 * granted are left out, so a denied permission never breaks registration of the others.
 */
export async function registerOptionalHosts(browser: WxtBrowser, settings: Settings): Promise<void> {
  const wanted = optionalHostPatterns(settings);
  const granted: string[] = [];
  for (const origin of wanted) {
    if (await browser.permissions.contains({ origins: [origin] })) granted.push(origin);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [scriptId] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [scriptId] });
  if (granted.length === 0) return;
  await browser.scripting.registerContentScripts([
    {
      id: scriptId,
      matches: granted,
      js: ['content-scripts/crm.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}
