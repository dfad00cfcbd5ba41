import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkspace } from '../../scripts/demo/demo-workspace';
import { desktopViewport, launchChromium, phoneViewport, screenshot } from '../support/pwa-browser';
import { seedDemoWorkspace } from '../support/pwa-seed';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { openAs, type PwaUser } from '../support/pwa-session';
import { type RunningRelay, startRelay } from '../support/relay-process';

/**
 * The demo a new user sees, in real Chromium against the real relay: the start command's seed
 * (four months of handoffs) read by the manager on a desktop and on a phone. Every dashboard card
 * has something to show, the charts reach back months, and the log holds every outcome.
 */

let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let handoffCount: number;

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  handoffCount = await seedDemoWorkspace(relay);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

const asManager = (route: string, viewport: { width: number; height: number }) =>
  openAs(
    browser,
    relay,
    pwa.url,
    { ws: demoWorkspace, sub: 'morgan', role: 'viewer', name: 'Morgan Manager' },
    route,
    viewport,
  );

async function monthlyDashboard(page: Page) {
  await page.locator('select[name="period"]').selectOption('month');
  await page.locator('[data-kpi="handoffs"] strong').waitFor();
  // The whole history is on the device once the table has a row for each of its months.
  await expect
    .poll(() => distinctPeriods(page), { timeout: 30_000, message: 'months in the measures table' })
    .toBeGreaterThanOrEqual(4);
}

const distinctPeriods = (page: Page) =>
  page
    .locator('table[aria-label="Response measures"] tbody tr td:nth-child(2)')
    .allInnerTexts()
    .then((periods) => new Set(periods).size);

/** The text of each dashboard card, by heading, for the cards that show nothing but a placeholder. */
const emptyCards = (page: Page) =>
  page.locator('.dashboard section.card').evaluateAll((cards) =>
    cards
      .filter((card) => {
        const hasChart = card.querySelector('canvas') !== null;
        const hasRows = card.querySelector('tbody tr') !== null;
        const hasFigures = card.querySelector('.conversion, .volume, li, [data-value]') !== null;
        // A verdict drawn from the history ("the volume goal is on pace", as early in some months)
        // is content, not a placeholder.
        const hasVerdict = card.querySelector('p.ok') !== null;
        return !(hasChart || hasRows || hasFigures || hasVerdict);
      })
      .map((card) => card.querySelector('h2')?.textContent ?? card.getAttribute('aria-label') ?? '?'),
  );

/**
 * What reads wrong in the log's visible rows: a lead name on the same line as its parties, a state
 * pill wider than its column, a response time cut short.
 */
const logLayoutFaults = (page: Page) =>
  page.locator('table[aria-label="Handoffs"] tbody tr').evaluateAll((rows) =>
    rows.slice(0, 8).flatMap((row) => {
      const faults: string[] = [];
      const name = row.querySelector('.lead-name')?.getBoundingClientRect();
      const parties = row.querySelector('.col-leadName small')?.getBoundingClientRect();
      if (name && parties && parties.top < name.bottom - 1) faults.push('name and parties on one line');
      const table = row.closest('.vtable')?.getBoundingClientRect();
      const lastShown = Array.from(row.querySelectorAll('td'))
        .filter((cell) => cell.offsetWidth > 0)
        .at(-1);
      if (table && lastShown && lastShown.getBoundingClientRect().right < table.right - 4) {
        faults.push('an empty strip right of the last column');
      }
      const state = row.querySelector<HTMLElement>('.col-state');
      if (state && state.scrollWidth > state.clientWidth) faults.push(`state cut: ${state.innerText}`);
      const response = row.querySelector<HTMLElement>('.col-responseMs');
      if (response && response.offsetWidth > 0 && response.scrollWidth > response.clientWidth) {
        faults.push(`response cut: ${response.innerText}`);
      }
      return faults;
    }),
  );

describe('the seeded demo in the browser', () => {
  let desktop: PwaUser;
  let phone: PwaUser;

  beforeAll(async () => {
    [desktop, phone] = await Promise.all([
      asManager('/dashboard', desktopViewport),
      asManager('/dashboard', phoneViewport),
    ]);
  });

  it('fills every dashboard card from months of history', async () => {
    expect(handoffCount).toBeGreaterThan(300);
    for (const { page } of [desktop, phone]) {
      await monthlyDashboard(page);
      expect(await emptyCards(page)).toEqual([]);
      expect(Number(await page.locator('[data-kpi="handoffs"] strong').innerText())).toBeGreaterThan(0);
      // Each response rule charts more than one month.
      expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(2);
      // The legends name their series; no "--" where a hovered value would go.
      const legends = await page.locator('.chart .u-legend').allInnerTexts();
      expect(legends.join(' ')).toContain('Median');
      expect(legends.join(' ')).not.toContain('--');
      await page.getByText('Primary cause:').or(page.getByText('The volume goal is on pace')).waitFor();
      // The SDRs' calls this week, per rep, from the logged activity.
      const calls = page.locator('.activity[data-rule="sdr-calls"]');
      expect(await calls.locator('tbody tr').count()).toBe(3);
      expect(await calls.locator('[data-total]').innerText()).toMatch(/^\d+ of 150 by 3 reps · /);
      expect(await calls.locator('[data-unmeasured]').count()).toBe(0);
    }
    await screenshot(desktop.page, 'demo-dashboard-desktop');
    await screenshot(phone.page, 'demo-dashboard-phone');
  });

  it('holds every outcome of a real quarter in the log', async () => {
    const { page } = desktop;
    await page.getByRole('link', { name: 'Handoffs' }).click();
    await page.locator('select[name="months"]').selectOption('6');
    const status = page.getByRole('status').filter({ hasText: 'handoffs' });
    await expect
      .poll(() => status.innerText(), { timeout: 30_000 })
      .toMatch(new RegExp(`of ${handoffCount}`));
    for (const state of ['met', 'breached', 'paused', 'rejected', 'open']) {
      await page.locator('select[name="state"]').selectOption(state);
      await expect
        .poll(() => page.locator('table[aria-label="Handoffs"] tbody tr').count(), {
          message: `handoffs in state ${state}`,
        })
        .toBeGreaterThan(0);
      expect(
        await page.locator('table[aria-label="Handoffs"] tbody tr .col-state').first().innerText(),
      ).toMatch(state === 'open' ? /open|overdue/ : new RegExp(state));
    }
    await page.locator('select[name="state"]').selectOption('');
    expect(await logLayoutFaults(page)).toEqual([]);
    // The filters offer names, not ids.
    const options = (name: string) => page.locator(`select[name="${name}"] option`).allInnerTexts();
    await expect.poll(() => options('rule')).toContain('SQL first touch');
    expect(await options('party')).toContain('Sales development');
    expect(await options('party')).not.toContain('sdr');
    expect(await options('rep')).toContain('Sam SDR');
    await screenshot(page, 'demo-log-desktop');
  });

  it('lays the log out on a phone: names over parties, pills in their column, the response time kept', async () => {
    const { page } = phone;
    await page.getByRole('link', { name: 'Handoffs' }).click();
    await page.locator('select[name="state"]').selectOption('met');
    await page.locator('table[aria-label="Handoffs"] tbody tr').first().waitFor();
    expect(await logLayoutFaults(page)).toEqual([]);
    // The response column gives way on a phone; the time shows under the state.
    const underState = page.locator('table[aria-label="Handoffs"] tbody tr .state-response').first();
    expect(await underState.isVisible()).toBe(true);
    expect(await underState.innerText()).toMatch(/\d/);
    await screenshot(page, 'demo-log-phone');
  });
});
