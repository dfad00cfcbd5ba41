import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSignInLink, phoneViewport, pwaLink, screenshot } from '../support/pwa-browser';
import type { PwaServer } from '../support/pwa-server';
import { caretTo, type PwaUser, section, sectionText } from '../support/pwa-session';
import { openTwoEditors, type PwaStack, startPwaStack, stopPwaStack } from '../support/pwa-stack';
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
  ({ ana, ben, agreementId } = await openTwoEditors(stack, 'Acme lead handoff SLA'));
});

afterAll(() => stopPwaStack(stack));

describe('two people editing one agreement in the PWA', () => {
  it('lists the new agreement for the other person too', async () => {
    await ben.page.goto(`${pwa.url}/#/`);
    await expect(
      ben.page.getByRole('link', { name: 'Acme lead handoff SLA' }).waitFor(),
    ).resolves.toBeUndefined();
    await ben.page.getByRole('link', { name: 'Acme lead handoff SLA' }).click();
    await section(ben.page, 'summary').waitFor();
  });

  it("converges on concurrent edits of the same section and shows each other's named cursor", async () => {
    await Promise.all([caretTo(ana.page, 'summary', 'end'), caretTo(ben.page, 'summary', 'start')]);
    await Promise.all([
      ana.page.keyboard.type(' Ana adds this.'),
      ben.page.keyboard.type('Ben starts here. '),
    ]);
    for (const page of [ana.page, ben.page]) {
      await section(page, 'summary')
        .filter({ hasText: 'Ana adds this.' })
        .filter({ hasText: 'Ben starts here.' })
        .waitFor();
    }
    await expect.poll(() => sectionText(ben.page, 'summary')).toBe(await sectionText(ana.page, 'summary'));
    expect(await sectionText(ana.page, 'summary')).toMatch(
      /^Ben starts here\. Marketing delivers .* Ana adds this\.$/,
    );
    await ana.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Ben SDR' }).waitFor();
    await ben.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Ana Marketing' }).waitFor();
    await screenshot(ana.page, 'pwa-editor-desktop');
  });

  it('carries headings, lists and links to the other editor', async () => {
    await caretTo(ana.page, 'goals', 'end');
    await ana.page.keyboard.press('Enter');
    // A heading through ProseMirror's input rule ("## "), a list and a link through the menu.
    await ana.page.keyboard.type('## Targets');
    await section(ana.page, 'goals').locator('h2', { hasText: 'Targets' }).waitFor();
    await ana.page.keyboard.press('Enter');
    await section(ana.page, 'goals').locator('h2 + p').waitFor();
    await ana.page.keyboard.type('Hot leads in 15 minutes');
    await section(ana.page, 'goals').locator('h2 + p', { hasText: 'Hot leads in 15 minutes' }).waitFor();
    const goalsCard = ana.page.locator('section.section', { has: section(ana.page, 'goals') });
    await goalsCard.getByTitle('Wrap in bullet list').click();
    await section(ana.page, 'goals').locator('ul > li').waitFor();
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.type('Warm leads in 4 hours');
    await section(ben.page, 'goals').locator('h2', { hasText: 'Targets' }).waitFor();
    await expect.poll(() => section(ben.page, 'goals').locator('ul > li').count()).toBe(2);
    await ana.page.keyboard.press('Shift+Home');
    await goalsCard.getByTitle('Add or remove link').click();
    await ana.page
      .locator('.ProseMirror-prompt input[placeholder="Link target"]')
      .fill('https://example.com/playbook');
    await ana.page.locator('.ProseMirror-prompt button[type="submit"]').click();
    await section(ben.page, 'goals').locator('a[href="https://example.com/playbook"]').waitFor();
  });

  it("shows a rule saved by one person in the other person's form, with the new version", async () => {
    await ana.page.getByRole('link', { name: 'Rules' }).click();
    await ben.page.getByRole('link', { name: 'Rules' }).click();
    const anaRule = ana.page.locator('form[data-rule="mql-response"]');
    const benRule = ben.page.locator('form[data-rule="mql-response"]');
    await anaRule.locator('input[name="targetMinutes"]').fill('90');
    await anaRule.getByRole('button', { name: 'Save rule' }).click();
    await expect
      .poll(() => benRule.locator('input[name="targetMinutes"]').inputValue(), { timeout: 10_000 })
      .toBe('90');
    await benRule.getByText('version 2').waitFor();
  });

  it('shows validation messages inline and keeps the invalid edit out of the document', async () => {
    const anaRule = ana.page.locator('form[data-rule="mql-response"]');
    await anaRule.locator('input[name="warningPercents"]').fill('80, 50');
    await anaRule.getByText('warning thresholds must be in increasing order').waitFor();
    expect(await anaRule.getByRole('button', { name: 'Save rule' }).isDisabled()).toBe(true);
    const benRule = ben.page.locator('form[data-rule="mql-response"]');
    expect(await benRule.locator('input[name="warningPercents"]').inputValue()).toBe('50, 80');
  });

  it('collects each party’s signature, activates the version, and starts a new draft on the next edit', async () => {
    await ana.page.getByRole('link', { name: 'Signing', exact: true }).click();
    await ben.page.getByRole('link', { name: 'Signing', exact: true }).click();
    await ana.page.getByRole('button', { name: 'Sign for Marketing as Ana Marketing' }).click();
    await ana.page.getByRole('button', { name: 'Sign for Sales development as Ana Marketing' }).click();
    await ben.page.locator('[data-party="sdr"]', { hasText: 'Signed by Ana Marketing' }).waitFor();
    await ben.page.getByRole('button', { name: 'Sign for Account executives as Ben SDR' }).click();
    for (const page of [ana.page, ben.page]) {
      await page.getByText('signed by all').waitFor();
      await page.getByRole('button', { name: /^Version 1 · signed/ }).waitFor();
      expect(await page.locator('select[name="status"]').inputValue()).toBe('active');
    }
    // Editing the signed agreement starts version 2 as a draft; version 1 stays readable as signed.
    await ana.page.getByRole('link', { name: 'Text', exact: true }).click();
    await caretTo(ana.page, 'incentives', 'end');
    await ana.page.keyboard.type(' Plus a team lunch.');
    await ben.page.getByText('Signatures for version 2').waitFor();
    expect(await ben.page.locator('select[name="status"]').inputValue()).toBe('draft');
    await ben.page.getByRole('button', { name: /^Version 1 · signed/ }).click();
    const signed = ben.page.getByRole('article', { name: 'Signed version 1' });
    await signed
      .getByText('A quarter with every goal met earns the teams a shared celebration budget.')
      .waitFor();
    expect(await signed.innerText()).not.toContain('Plus a team lunch.');
    expect(await signed.innerText()).toContain('MQL response (version 2, 90 business minutes)');
  });

  it('renders the editor on a phone', async () => {
    const phone = await browser.newContext({ viewport: phoneViewport });
    const page = await phone.newPage();
    await followSignInLink(page, pwaLink(pwa.url, `/a/${agreementId}/text`, relay.url, ben.token));
    await section(page, 'summary').filter({ hasText: 'Ana adds this.' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(phoneViewport.width);
    await screenshot(page, 'pwa-editor-phone');
    await phone.close();
  });

  it('raised no page errors', () => {
    expect([...ana.errors, ...ben.errors]).toEqual([]);
  });
});
