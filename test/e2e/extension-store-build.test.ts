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
    await browser.serve('https://app.hubspot.com', () => fixtureHtml('hubspot', 'contact-record-2024'));
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
    // The extension is alive and injecting: the CRM page, opened after the local one, has it (its
    // host element: what is inside is closed to the page, and to the test's locators).
    await expect.poll(() => crm.locator('pactline-overlay').count(), { timeout: 20_000 }).toBe(1);
    expect(await local.locator('pactline-overlay').count()).toBe(0);
    await Promise.all([local.close(), crm.close()]);
  });

  it('keeps the overlay out of reach of the CRM page’s own scripts', async () => {
    const crm = await browser.context.newPage();
    await crm.goto(hubspotLead);
    await crm.locator('pactline-overlay').waitFor({ timeout: 20_000 });
    // What was tried: a page script reads the overlay and clicks its buttons, as one did in the
    // open root of earlier builds. The closed root gives it nothing to read and nothing to click.
    const reached = await crm.evaluate(() => {
      const host = document.querySelector('pactline-overlay');
      const root = host?.shadowRoot ?? null;
      return {
        hasHost: host !== null,
        root: root === null ? null : root.textContent,
        buttons: root?.querySelectorAll('button').length ?? 0,
      };
    });
    expect(reached).toEqual({ hasHost: true, root: null, buttons: 0 });
    // The person at the screen still has it: with no relay set, it says so, in the page's
    // accessibility tree (which screen readers read, closed roots included).
    const cdp = await browser.context.newCDPSession(crm);
    await expect
      .poll(
        async () => {
          const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
            nodes: { name?: { value?: string } }[];
          };
          return nodes.some((node) => /Pactline is not set up/.test(node.name?.value ?? ''));
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await crm.close();
  });
});
