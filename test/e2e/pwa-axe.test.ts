import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgreementId, demoWorkspace } from '../../scripts/demo/demo-workspace';
import { seriousViolations } from '../support/axe';
import { desktopViewport, launchChromium, phoneViewport, screenshot } from '../support/pwa-browser';
import { seedDemoWorkspace } from '../support/pwa-seed';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { openAs } from '../support/pwa-session';
import { type RunningRelay, startRelay } from '../support/relay-process';

/**
 * axe-core on every screen of the PWA, at a phone's width and a desktop's, with the demo's data
 * and as an editor (who sees every form): no serious or critical violation anywhere, and none of
 * the layout faults a glance would catch.
 */

let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  await seedDemoWorkspace(relay);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

const screens: { route: string; ready: (page: Page) => Promise<unknown> }[] = [
  { route: '/', ready: (page) => page.locator('.agreement-card').first().waitFor() },
  ...['text', 'parties', 'calendars', 'rules', 'checklists', 'signing'].map((tab) => ({
    route: `/a/${demoAgreementId}/${tab}`,
    ready: (page: Page) => page.locator('nav.tabs [aria-current="page"]').waitFor(),
  })),
  { route: '/new', ready: (page) => page.getByLabel('Title').waitFor() },
  { route: '/log', ready: (page) => page.locator('table[aria-label="Handoffs"] tbody tr').first().waitFor() },
  {
    route: '/dashboard',
    ready: (page) => page.locator('table[aria-label="Response measures"] tbody tr').first().waitFor(),
  },
  { route: '/settings', ready: (page) => page.locator('main h1').waitFor() },
  { route: '/import', ready: (page) => page.getByRole('heading', { name: 'Import history' }).waitFor() },
];

/**
 * What a glance at the screen would catch: a page that scrolls sideways, a one-line field standing
 * in a tall box of blank space, a title cut short, a tab out of sight.
 */
function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
      faults.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const field of Array.from(document.querySelectorAll<HTMLElement>('main .field'))) {
      const filled = Array.from(field.children).reduce(
        (sum, child) => sum + (child as HTMLElement).offsetHeight + 4,
        0,
      );
      if (field.offsetHeight - filled > 24) {
        faults.push(`blank space under ${field.innerText.split('\n')[0]}: ${field.offsetHeight - filled} px`);
      }
    }
    for (const described of Array.from(document.querySelectorAll('[aria-describedby]'))) {
      for (const id of (described.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
        if (id && !document.getElementById(id)) faults.push(`aria-describedby names a missing #${id}`);
      }
    }
    const title = document.querySelector<HTMLElement>('.title-input');
    if (title && title.scrollWidth > title.clientWidth) faults.push('the agreement title is cut');
    for (const tab of Array.from(document.querySelectorAll<HTMLElement>('nav.tabs a'))) {
      const box = tab.getBoundingClientRect();
      if (box.right > width || box.left < 0) faults.push(`tab ${tab.innerText} out of sight`);
    }
    return faults;
  });
}

describe('axe on every PWA screen', () => {
  for (const [width, viewport] of [
    ['phone', phoneViewport],
    ['desktop', desktopViewport],
  ] as const) {
    it(`finds nothing serious and nothing out of place at ${width} width`, async () => {
      const { page, context } = await openAs(
        browser,
        relay,
        pwa.url,
        { ws: demoWorkspace, sub: 'sam', role: 'editor', name: 'Sam SDR' },
        '/',
        viewport,
      );
      try {
        const found: string[] = [];
        for (const { route, ready } of screens) {
          await page.goto(`${pwa.url}/#${route}`);
          await ready(page);
          found.push(...(await seriousViolations(page)).map((line) => `${route}: ${line}`));
          found.push(...(await layoutFaults(page)).map((line) => `${route}: ${line}`));
          await screenshot(page, `screen-${width}${route.replace(/\/a\/[^/]+/, '').replace(/\W+/g, '-')}`, {
            fullPage: true,
          });
        }
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('shows one editor toolbar on the text tab: the one of the section being edited', async () => {
    const { page, context } = await openAs(
      browser,
      relay,
      pwa.url,
      { ws: demoWorkspace, sub: 'mia', role: 'editor', name: 'Mia Marketing' },
      `/a/${demoAgreementId}/text`,
      desktopViewport,
    );
    try {
      const editors = page.locator('.section .ProseMirror');
      await expect.poll(() => editors.count()).toBeGreaterThan(3);
      const visibleToolbars = () =>
        page
          .locator('.ProseMirror-menubar')
          .evaluateAll((bars) => bars.filter((bar) => (bar as HTMLElement).offsetHeight > 0).length);
      expect(await visibleToolbars()).toBe(0);
      await editors.nth(1).click();
      expect(await visibleToolbars()).toBe(1);
      const focused = page.locator('.section:focus-within .ProseMirror-menubar');
      expect(await focused.isVisible()).toBe(true);
      await editors.nth(2).click();
      expect(await visibleToolbars()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
