import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExtension,
  type ExtensionBrowser,
  fixtureHtml,
  launchExtensionBrowser,
  storeBuildDir,
} from '../support/extension-browser.js';

/**
 * The store build (`pnpm --filter extension build:store`) loaded in Chromium: it asks for no access
 * to local servers (the demo CRM's hosts), and still works on the CRMs it covers.
 */
const hubspotLead = 'https://app.hubspot.com/contacts/44001234/record/0-1/51234501';
const demoOrigin = 'http://localhost:5175';
const demoLead = `${demoOrigin}/leads/L-1001`;
const localHosts = /localhost|127\.0\.0\.1/;

type Manifest = { host_permissions?: string[]; content_scripts?: { matches?: string[] }[] };

describe('the store build of the extension', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    buildExtension({ store: true });
    browser = await launchExtensionBrowser(storeBuildDir);
    await browser.serve('https://app.hubspot.com', () => fixtureHtml('hubspot', 'contact-record'));
    await browser.serve(demoOrigin, () => '<!doctype html><title>Lead L-1001</title><h1>Dana Demo</h1>');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('is written without the demo CRM hosts, and Chromium grants it none', async () => {
    const written = JSON.parse(readFileSync(join(storeBuildDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(written.host_permissions?.length).toBeGreaterThan(4);
    expect(written.host_permissions?.some((pattern) => localHosts.test(pattern))).toBe(false);
    expect(
      written.content_scripts?.flatMap((script) => script.matches ?? []).some((p) => localHosts.test(p)),
    ).toBe(false);
    // Asked of the browser itself, from the extension's service worker.
    const granted = await browser.worker.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { permissions: { contains(query: { origins: string[] }): Promise<boolean> } };
      };
      return {
        localhost: await chrome.permissions.contains({ origins: ['http://localhost/*'] }),
        loopback: await chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }),
        hubspot: await chrome.permissions.contains({ origins: ['https://app.hubspot.com/*'] }),
      };
    });
    expect(granted).toEqual({ localhost: false, loopback: false, hubspot: true });
  });

  it('shows its overlay on a CRM record, and nothing on a local page opened before it', async () => {
    const local = await browser.context.newPage();
    await local.goto(demoLead);
    const crm = await browser.context.newPage();
    await crm.goto(hubspotLead);
    // The extension is alive and injecting: the CRM page, opened after the local one, has it.
    await expect.poll(() => crm.getByTestId('pactline-overlay').count(), { timeout: 20_000 }).toBe(1);
    expect(await local.getByTestId('pactline-overlay').count()).toBe(0);
    await Promise.all([local.close(), crm.close()]);
  });
});
