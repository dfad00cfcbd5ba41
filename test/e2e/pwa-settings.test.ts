import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phoneViewport, screenshot, waitForStatus } from '../support/pwa-browser';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
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

  it('says when the relay refuses the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const forged = `${await relay.mintToken({ ws: 'initech', sub: 'pat', role: 'editor' })}x`;
    await page.goto(
      `${pwa.url}/#/?token=${encodeURIComponent(forged)}&relay=${encodeURIComponent(relay.url)}`,
    );
    await page.locator('output.sync', { hasText: 'Token rejected' }).waitFor();
    await context.close();
  });
});
