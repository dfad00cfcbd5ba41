import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phoneViewport } from '../support/pwa-browser';
import { type SeededWorkspace, seedWorkspace } from '../support/pwa-seed';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { openAs, type PwaUser } from '../support/pwa-session';
import { type RunningRelay, startRelay } from '../support/relay-process';

let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let seeded: SeededWorkspace;
let editor: PwaUser;

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  seeded = await seedWorkspace(relay, 'umbrella', {
    title: 'Umbrella SLA',
    handoffCount: 40,
    nowMs: Date.now(),
  });
  editor = await openAs(
    browser,
    relay,
    pwa.url,
    { ws: 'umbrella', sub: 'eli', role: 'editor', name: 'Eli' },
    '/',
    phoneViewport,
  );
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

/** Form controls without an accessible name, and tap targets smaller than 40 px, on the page. */
async function audit(page: Page) {
  return page.evaluate(() => {
    const unnamed: string[] = [];
    const small: string[] = [];
    const controls = Array.from(
      document.querySelectorAll<HTMLElement>('main input, main select, main textarea, main button, nav a'),
    );
    for (const control of controls) {
      if (control.closest('[hidden]') || control.getClientRects().length === 0) continue;
      const labelled =
        control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby') ||
        (control as HTMLInputElement).labels?.length ||
        (control.tagName === 'BUTTON' || control.tagName === 'A' ? control.textContent?.trim() : '') ||
        control.getAttribute('title');
      if (!labelled) unnamed.push(control.outerHTML.slice(0, 120));
      const box = control.getBoundingClientRect();
      const isEditorMenu = control.closest('.ProseMirror-menubar') !== null;
      const isCheckbox = (control as HTMLInputElement).type === 'checkbox';
      if (!isEditorMenu && !isCheckbox && control.tagName !== 'A' && box.height < 40)
        small.push(control.outerHTML.slice(0, 120));
    }
    return { unnamed, small };
  });
}

describe('accessibility of the PWA on a phone', () => {
  it('names every control and keeps touch targets usable on every screen', async () => {
    const { page } = editor;
    const routes = [
      '/',
      ...['text', 'parties', 'calendars', 'rules', 'checklists', 'signing'].map(
        (tab) => `/a/${seeded.agreementId}/${tab}`,
      ),
      '/log',
      '/dashboard',
      '/settings',
    ];
    for (const route of routes) {
      await page.goto(`${pwa.url}/#${route}`);
      await page.locator('main h1').first().waitFor();
      if (route.includes('/a/')) await page.locator('nav.tabs').waitFor();
      if (route === '/log') await page.getByText(/of 40 handoffs/).waitFor();
      if (route === '/dashboard') await page.locator('[data-kpi="handoffs"]').waitFor();
      const { unnamed, small } = await audit(page);
      expect(unnamed, `unnamed controls on ${route}`).toEqual([]);
      expect(small, `small targets on ${route}`).toEqual([]);
    }
  });

  it('lets a keyboard user skip to the content and move through the navigation', async () => {
    const { page } = editor;
    await page.goto(`${pwa.url}/#/`);
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const handoffs = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Handoffs' });
    await handoffs.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Handoff log' }).waitFor();
    expect(await handoffs.getAttribute('aria-current')).toBe('page');
  });

  it('shows no review date until one is set, and marks a past one as overdue on the agreement and in the list', async () => {
    const { page } = editor;
    await page.goto(`${pwa.url}/#/a/${seeded.agreementId}/text`);
    const date = page.locator('input[name="nextReviewDate"]');
    await date.waitFor();
    expect(await date.inputValue()).toBe('');
    await page.locator('[data-review-due="unset"]').waitFor();
    await date.fill('2026-01-15');
    await page.getByText('Review overdue').waitFor();
    await page.goto(`${pwa.url}/#/`);
    await page.locator('[data-review-due="overdue"]').waitFor();
  });
});
