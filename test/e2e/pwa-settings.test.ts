import { readDirectory } from '@pactline/shared/doc';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  followSignInLink,
  launchChromium,
  phoneViewport,
  pwaLink,
  screenshot,
  waitForStatus,
} from '../support/pwa-browser';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { createAgreement } from '../support/pwa-session';
import { connectProvider } from '../support/relay-clients';
import { type RunningRelay, startRelay } from '../support/relay-process';

let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

describe('settings in the PWA', () => {
  it('works on this device alone until a token is pasted, then shows what the token carries and syncs', async () => {
    const context = await browser.newContext({ viewport: phoneViewport });
    const page = await context.newPage();
    await page.goto(`${pwa.url}/#/`);
    await waitForStatus(page, 'local');
    // Without a token the app still works: an agreement made now stays on this device.
    await page.getByRole('link', { name: 'New agreement' }).click();
    await page.getByLabel('Title').fill('Drafted before sign-in');
    await page.getByRole('button', { name: 'Create from template' }).click();
    await page.locator('.ProseMirror[data-section="summary"]').waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Token').fill('not a token');
    await page.getByText('a token has three parts separated by dots').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    const exp = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const token = await relay.mintToken({ ws: 'initech', sub: 'pat', role: 'editor', name: 'Pat Lead', exp });
    await page.getByLabel('Relay URL').fill(relay.url);
    await page.getByLabel('Token').fill(token);
    await page.locator('[data-claim="workspace"]', { hasText: 'initech' }).waitFor();
    expect(await page.locator('[data-claim="user"]').innerText()).toBe('Pat Lead (pat)');
    expect(await page.locator('[data-claim="role"]').innerText()).toBe('editor');
    expect(await page.locator('[data-claim="expiry"]').innerText()).toBe(
      new Date(exp * 1000).toLocaleString('en-US'),
    );
    await screenshot(page, 'pwa-settings-phone');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitForStatus(page, 'synced');
    expect(await page.locator('.who').innerText()).toBe('Pat Lead · initech · editor');

    // The setting survives a reload and the workspace's (empty) list comes from the relay.
    await page.reload();
    await waitForStatus(page, 'synced');
    await page.getByRole('link', { name: 'Agreements' }).click();
    await page.getByText('No agreements yet.').waitFor();
    await context.close();
  });

  it('keeps the names the CRM shows for each member, edited on the People screen', async () => {
    const context = await browser.newContext({ viewport: phoneViewport });
    const page = await context.newPage();
    const token = await relay.mintToken({ ws: 'peopleco', sub: 'pat', role: 'admin', name: 'Pat Lead' });
    await followSignInLink(page, pwaLink(pwa.url, '/settings', relay.url, token));
    await waitForStatus(page, 'synced');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByText('Nobody is in this workspace’s directory yet.').waitFor();
    const adding = page.getByRole('form', { name: 'New member' });
    await adding.getByLabel('Name', { exact: true }).fill('Alex AE');
    await adding.getByLabel('User id').fill('alex');
    await adding.getByLabel('Names in the CRM').fill('Alexandra Eriksson\naeriksson');
    await adding.getByRole('button', { name: 'Add member' }).click();
    const alex = page.getByRole('form', { name: 'Member Alex AE' });
    await alex.waitFor();
    expect(await alex.getByLabel('Names in the CRM').inputValue()).toBe('Alexandra Eriksson\naeriksson');
    // The same user id again is refused, not saved over the member.
    await adding.getByLabel('Name', { exact: true }).fill('Somebody Else');
    await adding.getByLabel('User id').fill('alex');
    await adding.getByRole('button', { name: 'Add member' }).click();
    await adding.getByText('"alex" is already a member').waitFor();
    // Another name the CRM uses, added later.
    await alex.getByLabel('Names in the CRM').fill('Alexandra Eriksson\naeriksson\nA. Eriksson');
    await alex.getByRole('button', { name: 'Save member' }).click();
    await expect.poll(() => alex.getByRole('button', { name: 'Save member' }).isDisabled()).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(phoneViewport.width);
    await screenshot(page, 'pwa-people-phone');

    // Another client reads the directory from the relay: the names are there for the extension.
    const reader = connectProvider(relay.url, 'peopleco/directory', token);
    try {
      await reader.synced();
      await expect
        .poll(() => readDirectory(reader.doc).members.find((member) => member.userId === 'alex')?.crmNames)
        .toEqual(['Alexandra Eriksson', 'aeriksson', 'A. Eriksson']);
      expect(readDirectory(reader.doc).members.map((member) => member.displayName)).toEqual(['Alex AE']);
    } finally {
      reader.destroy();
    }
    await context.close();
  });

  it('says when the relay refuses the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const forged = `${await relay.mintToken({ ws: 'initech', sub: 'pat', role: 'editor' })}x`;
    await followSignInLink(page, pwaLink(pwa.url, '/', relay.url, forged));
    await page.locator('output.sync', { hasText: 'Token rejected' }).waitFor();
    await context.close();
  });

  it('asks before a crafted link moves the device to another relay, and keeps the settings when told no', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const ana = await relay.mintToken({ ws: 'initech', sub: 'ana', role: 'admin', name: 'Ana Admin' });
    await followSignInLink(page, pwaLink(pwa.url, '/', relay.url, ana));
    await waitForStatus(page, 'synced');
    const saved = await page.evaluate(() => localStorage.getItem('pactline.settings.v1'));
    const settingsNow = () => page.evaluate(() => localStorage.getItem('pactline.settings.v1'));

    // Mallory's link, opened as from an email (a fresh page load): her own token, which decodes and
    // which her relay would accept, and her relay.
    const mallory = await relay.mintToken({
      ws: 'initech',
      sub: 'mallory',
      role: 'admin',
      name: 'Ana Admin',
    });
    const crafted = await context.newPage();
    await crafted.goto(pwaLink(pwa.url, '/', 'wss://relay.mallory.example', mallory));
    await crafted.locator('[data-link-relay]', { hasText: 'wss://relay.mallory.example' }).waitFor();
    expect(crafted.url()).not.toContain('token=');
    await crafted.getByRole('button', { name: 'Keep my current settings' }).click();
    await waitForStatus(crafted, 'synced');
    expect(await settingsNow()).toBe(saved);

    // A link whose relay is not a websocket address changes nothing and says so.
    const wrong = await context.newPage();
    await wrong.goto(pwaLink(pwa.url, '/', 'https://relay.mallory.example', mallory));
    await wrong.getByRole('alert').filter({ hasText: 'ws:// or wss://' }).waitFor();
    expect(await settingsNow()).toBe(saved);
    await context.close();
  });

  it('keeps each relay’s local copy to itself: moved to another relay, the device sends it none of the first', async () => {
    // What was tried: Ana works on her relay, then accepts a link to Mallory's relay for the same
    // workspace name. Before local copies were kept per relay, her agreements synced to Mallory.
    const malloryRelay = await startRelay();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const ana = await relay.mintToken({ ws: 'umbrella', sub: 'ana', role: 'admin', name: 'Ana Admin' });
      await followSignInLink(page, pwaLink(pwa.url, '/', relay.url, ana));
      await waitForStatus(page, 'synced');
      await createAgreement(page, 'Umbrella partner SLA');
      await waitForStatus(page, 'synced');

      const mallory = await malloryRelay.mintToken({
        ws: 'umbrella',
        sub: 'ana',
        role: 'admin',
        name: 'Ana',
      });
      const crafted = await context.newPage();
      await crafted.goto(pwaLink(pwa.url, '/', malloryRelay.url, mallory));
      await crafted.getByRole('button', { name: `Connect to ${malloryRelay.url}` }).click();
      await waitForStatus(crafted, 'synced');
      await crafted.getByText('No agreements yet').waitFor();

      // Mallory's relay holds no trace of Ana's agreement, read as any client would.
      const spy = connectProvider(
        malloryRelay.url,
        'umbrella/directory',
        await malloryRelay.mintToken({ ws: 'umbrella', sub: 'spy', role: 'admin' }),
      );
      try {
        await spy.synced();
        expect(readDirectory(spy.doc).agreements).toEqual([]);
      } finally {
        spy.destroy();
      }

      // Back on her relay (asked again), her copy is all there.
      const back = await context.newPage();
      await back.goto(pwaLink(pwa.url, '/', relay.url, ana));
      await back.getByRole('button', { name: `Connect to ${relay.url}` }).click();
      await back.getByText('Umbrella partner SLA').waitFor();
      await context.close();
    } finally {
      await malloryRelay.kill('SIGTERM');
    }
  });
});
