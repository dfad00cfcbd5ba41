import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  followSignInLink,
  launchChromium,
  launchPersistent,
  pwaLink,
  waitForServiceWorkerControl,
} from '../support/pwa-browser';
import { seedWorkspace } from '../support/pwa-seed';
import { ensurePwaBuilt, pwaDistDir, startPwaServer } from '../support/pwa-server';
import { startRelay } from '../support/relay-process';

/**
 * PWA figures: JavaScript loaded before the editor (gzipped), a cold start with no network to an
 * interactive agreement, and filtering and sorting a 10,000-entry handoff log in Chromium.
 * Goals: under 150 KB, under 1 s, under 50 ms per filter. Prints figures; decides nothing.
 */

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function initialJavaScript(): { totalBytes: number; files: { name: string; gzipBytes: number }[] } {
  ensurePwaBuilt();
  const html = readFileSync(join(pwaDistDir, 'index.html'), 'utf8');
  const names = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] as string,
  );
  const files = [...new Set(names)].map((name) => ({
    name,
    gzipBytes: gzipSync(readFileSync(join(pwaDistDir, name)), { level: 9 }).length,
  }));
  return { totalBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0), files };
}

const js = initialJavaScript();
console.log(
  `initial JavaScript (before the editor loads), gzipped: ${(js.totalBytes / 1024).toFixed(1)} KB (goal < 150 KB)`,
);
for (const file of js.files) console.log(`  ${file.name}: ${(file.gzipBytes / 1024).toFixed(1)} KB`);

const relay = await startRelay();
const pwa = await startPwaServer();
try {
  // Cold offline start: a profile that has used the app once, relaunched with no network at all.
  const token = await relay.mintToken({ ws: 'bench', sub: 'ana', role: 'editor', name: 'Ana' });
  const seeded = await seedWorkspace(relay, 'bench', {
    title: 'Bench SLA',
    handoffCount: 10,
    nowMs: Date.now(),
  });
  const route = `/a/${seeded.agreementId}/text`;
  const first = await launchPersistent();
  const page = first.context.pages()[0] ?? (await first.context.newPage());
  await followSignInLink(page, pwaLink(pwa.url, route, relay.url, token));
  await waitForServiceWorkerControl(page);
  await page.locator('.ProseMirror[data-section="summary"]').waitFor();
  await first.context.close();
  const coldStarts: number[] = [];
  for (let run = 0; run < 5; run++) {
    const { context } = await launchPersistent(first.userDataDir);
    await context.setOffline(true);
    const cold = context.pages()[0] ?? (await context.newPage());
    const startedAt = performance.now();
    await cold.goto(`${pwa.url}/#${route}`);
    await cold.locator('.ProseMirror[data-section="summary"][contenteditable="true"]').waitFor();
    coldStarts.push(performance.now() - startedAt);
    await context.close();
  }
  rmSync(first.userDataDir, { recursive: true, force: true });
  console.log(
    `cold offline start to an editable agreement: median ${fmt(median(coldStarts))} of ${coldStarts.map(fmt).join(', ')} (goal < 1 s)`,
  );

  // Filtering and sorting 10,000 handoffs.
  const count = 10_000;
  const seedStart = performance.now();
  await seedWorkspace(relay, 'benchlog', {
    title: 'Log SLA',
    handoffCount: count,
    nowMs: Date.now(),
    spacingMinutes: 8,
  });
  console.log(`seeded ${count} handoffs through the relay in ${fmt(performance.now() - seedStart)}`);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const logPage = await context.newPage();
  const viewer = await relay.mintToken({ ws: 'benchlog', sub: 'mo', role: 'viewer' });
  const loadStart = performance.now();
  await followSignInLink(logPage, pwaLink(pwa.url, '/log', relay.url, viewer));
  await logPage
    .getByText(`${count.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} handoffs`)
    .waitFor({ timeout: 120_000 });
  console.log(
    `first open: ${count} handoffs synced, projected into the local index and listed in ${fmt(performance.now() - loadStart)}`,
  );
  // Each change is timed in the page: from the input event to the next frame after the count updates.
  const timeChange = (selector: string, value: string) =>
    logPage.evaluate(
      ({ selector, value }) =>
        new Promise<number>((resolve) => {
          const status = document.querySelector('main [role="status"]') as HTMLElement;
          const before = status.textContent;
          const element = document.querySelector(selector) as HTMLSelectElement | HTMLButtonElement;
          const start = performance.now();
          const observer = new MutationObserver(() => {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - start));
          });
          observer.observe(document.querySelector('main') as HTMLElement, {
            subtree: true,
            childList: true,
            characterData: true,
          });
          if (element instanceof HTMLSelectElement) {
            element.value = value;
            element.dispatchEvent(new Event('change', { bubbles: true }));
          } else element.click();
          if (status.textContent !== before) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - start));
          }
        }),
      { selector, value },
    );
  const filters: [string, string][] = [
    ['select[name="state"]', 'paused'],
    ['select[name="rep"]', 'tom'],
    ['select[name="state"]', ''],
    ['select[name="rule"]', 'mql-response'],
    ['select[name="rep"]', ''],
    ['select[name="period"]', '7d'],
    ['select[name="period"]', 'all'],
    ['select[name="party"]', 'sdr'],
    ['select[name="party"]', ''],
  ];
  const filterTimes: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const [selector, value] of filters) filterTimes.push(await timeChange(selector, value));
  const sortTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const column of ['leadName', 'state', 'responseMs', 'startedAtMs'])
      sortTimes.push(await timeChange(`th.col-${column} button`, ''));
  }
  console.log(
    `filter on ${count} entries, to the next frame: median ${fmt(median(filterTimes))}, max ${fmt(Math.max(...filterTimes))} over ${filterTimes.length} changes (goal < 50 ms)`,
  );
  console.log(
    `sort on ${count} entries, to the next frame: median ${fmt(median(sortTimes))}, max ${fmt(Math.max(...sortTimes))} over ${sortTimes.length} changes`,
  );
  await browser.close();
} finally {
  await pwa.stop();
  await relay.kill('SIGTERM');
}
