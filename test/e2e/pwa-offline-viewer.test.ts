import { setAgreementStatus, setAgreementTitle, setReviewCadence } from '@pactline/shared/doc';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncStatus, waitForServiceWorkerControl } from '../support/pwa-browser';
import type { PwaServer } from '../support/pwa-server';
import { caretTo, openAs, type PwaUser, section, sectionText } from '../support/pwa-session';
import { openTwoEditors, type PwaStack, startPwaStack, stopPwaStack } from '../support/pwa-stack';
import { connectProvider } from '../support/relay-clients';
import type { RunningRelay } from '../support/relay-process';

let stack: PwaStack;
let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let ana: PwaUser;
let ben: PwaUser;
let agreementId: string;

beforeAll(async () => {
  stack = await startPwaStack();
  ({ relay, pwa, browser } = stack);
  ({ ana, ben, agreementId } = await openTwoEditors(stack, 'Offline review SLA'));
  await section(ben.page, 'summary').waitFor();
});

afterAll(() => stopPwaStack(stack));

describe('offline in the PWA', () => {
  it('is installable: a manifest with name, start URL and icons that load, and a service worker in control', async () => {
    const manifestUrl = await ana.page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await ana.page.evaluate(async (url) => (await fetch(url as string)).json(), manifestUrl);
    expect(manifest).toMatchObject({ name: 'Pactline', display: 'standalone', start_url: '.' });
    const sizes = (manifest.icons as { sizes: string; src: string }[]).map((icon) => icon.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons as { src: string; type: string }[]) {
      const response = await ana.page.request.get(
        new URL(icon.src, new URL(manifestUrl as string, pwa.url)).toString(),
      );
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()['content-type']).toBe(icon.type);
    }
    await waitForServiceWorkerControl(ana.page);
  });

  it('reopens with no network from the precached shell and the local copy, takes an edit, and syncs it on reconnect', async () => {
    await waitForServiceWorkerControl(ana.page);
    await section(ana.page, 'summary').waitFor();
    await ana.context.setOffline(true);
    await ana.page.reload({ waitUntil: 'load' });
    // The shell comes from the service worker and the agreement from IndexedDB.
    await section(ana.page, 'summary').filter({ hasText: 'Marketing delivers qualified leads' }).waitFor();
    await expect.poll(() => syncStatus(ana.page)).toBe('offline');

    await caretTo(ana.page, 'summary', 'end');
    await ana.page.keyboard.type(' Written on the train.');
    await ana.page.locator('output.sync', { hasText: 'changes waiting' }).waitFor();
    // A page opened from scratch while offline shows the edit too: it is stored on the device.
    const cold = await ana.context.newPage();
    await cold.goto(`${pwa.url}/#/a/${agreementId}/text`);
    await section(cold, 'summary').filter({ hasText: 'Written on the train.' }).waitFor();
    await cold.close();
    expect(await sectionText(ben.page, 'summary')).not.toContain('Written on the train.');

    await ana.context.setOffline(false);
    await section(ben.page, 'summary')
      .filter({ hasText: 'Written on the train.' })
      .waitFor({ timeout: 30_000 });
  });
});

describe('appearance', () => {
  it('follows the system dark mode', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const page = await dark.newPage();
    await page.goto(`${pwa.url}/#/settings`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(17, 22, 28)');
    await dark.close();
  });
});

describe('a viewer in the PWA', () => {
  let viewer: PwaUser;

  beforeAll(async () => {
    viewer = await openAs(
      browser,
      relay,
      pwa.url,
      { ws: 'acme', sub: 'vic', role: 'viewer', name: 'Vic Manager' },
      '/',
    );
  });

  it('sees the agreements but no way to create one', async () => {
    await viewer.page.getByRole('link', { name: 'Offline review SLA' }).waitFor();
    expect(await viewer.page.getByRole('link', { name: 'New agreement' }).count()).toBe(0);
  });

  it('reads the agreement with every editor locked, and typing changes nothing anywhere', async () => {
    await viewer.page.getByRole('link', { name: 'Offline review SLA' }).click();
    await viewer.page.getByText('You are a viewer: everything is read-only.').waitFor();
    await section(viewer.page, 'summary').filter({ hasText: 'Written on the train.' }).waitFor();
    const editable = await viewer.page
      .locator('.ProseMirror')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('contenteditable')));
    expect(editable.length).toBe(9);
    expect(new Set(editable)).toEqual(new Set(['false']));
    const before = await sectionText(viewer.page, 'summary');
    await section(viewer.page, 'summary').click();
    await viewer.page.keyboard.type('Viewer was here');
    expect(await sectionText(viewer.page, 'summary')).toBe(before);
    expect(await sectionText(ana.page, 'summary')).not.toContain('Viewer was here');
  });

  it('sees rules, calendars and signatures without controls that change them', async () => {
    for (const tab of ['Rules', 'Calendars', 'Parties', 'Checklists']) {
      await viewer.page.getByRole('link', { name: tab, exact: true }).click();
      await viewer.page.locator('form.card').first().waitFor();
      const enabled = await viewer.page
        .locator('main input:not([disabled]), main select:not([disabled]), main textarea:not([disabled])')
        .count();
      expect(enabled, `enabled controls on ${tab}`).toBe(0);
      expect(await viewer.page.locator('main button[type="submit"]').count(), `save buttons on ${tab}`).toBe(
        0,
      );
    }
    await viewer.page.getByRole('link', { name: 'Signing', exact: true }).click();
    await viewer.page.getByText('Signatures for version 1').waitFor();
    expect(await viewer.page.getByRole('button', { name: /^Sign for/ }).count()).toBe(0);
  });

  it('cannot change the agreement through the relay even with a client of its own', async () => {
    expect(await viewer.page.locator('select[name="status"]').isDisabled()).toBe(true);
    const room = `acme/agreement/${agreementId}`;
    const forced = connectProvider(relay.url, room, viewer.token);
    const editor = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'eve', role: 'editor' }),
    );
    try {
      await Promise.all([forced.synced(), editor.synced()]);
      expect(setAgreementStatus(forced.doc, 'cancelled').ok).toBe(true);
      expect(setAgreementTitle(forced.doc, 'Hijacked by a viewer').ok).toBe(true);
      // An editor's change sent afterwards: once Ana has it, she would have had the viewer's too.
      expect(setReviewCadence(editor.doc, { everyDays: 30, nextReviewDate: '2027-01-15' }).ok).toBe(true);
      await ana.page.getByRole('link', { name: 'Text', exact: true }).click();
      await expect
        .poll(() => ana.page.locator('input[name="nextReviewDate"]').inputValue(), { timeout: 15_000 })
        .toBe('2027-01-15');
      expect(await ana.page.locator('select[name="status"]').inputValue()).toBe('draft');
      expect(await ana.page.getByLabel('Agreement title').inputValue()).toBe('Offline review SLA');
    } finally {
      forced.destroy();
      editor.destroy();
    }
  });
});
