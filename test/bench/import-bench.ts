/**
 * Benchmark of importing CRM history (not a test): prints figures, decides nothing. Run from the
 * root with `pnpm bench import` (the PWA and relay built first, as `pnpm build` leaves them).
 *
 * A Salesforce Lead History export of 50,000 rows (25,000 leads, each handed from an SDR to an AE
 * and then marked "Working - Contacted") and a tasks export of 25,000 calls, read:
 * - in Node, as `pnpm pactline import --dry-run` does (streamed through papaparse into the shared
 *   core), the reference;
 * - in the PWA in Chromium, by an admin on the import screen: from pressing "Read" to the dry run on
 *   screen (the worker reads, the page plans), with the page's JS heap afterwards;
 * - then the import itself written from the PWA into the workspace's documents, until the relay has
 *   stored every month.
 * Goal (issue): the 50,000-row export imported in the browser in ≤ 10 s, memory bounded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparableName, dryRunReport, planFiles } from '@pactline/shared';
import { readExportFile } from '../../scripts/import-export.js';
import { seedWorkspace } from '../support/extension-workspace.js';
import { launchChromium } from '../support/pwa-browser.js';
import { startPwaServer } from '../support/pwa-server.js';
import { openAs } from '../support/pwa-session.js';
import { startRelay } from '../support/relay-process.js';

const leads = 25_000;
const folder = await mkdtemp(join(tmpdir(), 'pactline-import-bench-'));
const history = ['"Lead ID","Edited By","Field / Event","Old Value","New Value","Edit Date"'];
const tasks = ['"Assigned","Task Subtype","Status","Completed Date/Time","Lead ID"'];
const start = Date.UTC(2026, 0, 5, 14, 0);
const us = (ms: number) => {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hour % 12 || 12}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'}`;
};
for (let index = 0; index < leads; index++) {
  const id = `00Q${String(index).padStart(12, '0')}`;
  const handedAt = start + index * 7 * 60_000;
  history.push(`"${id}","Sam SDR","Lead Owner","Sam SDR","Alex AE","${us(handedAt)}"`);
  history.push(
    `"${id}","Alex AE","Lead Status","Open - Not Contacted","Working - Contacted","${us(handedAt + 50 * 60_000)}"`,
  );
  tasks.push(`"Alex AE","Call","Completed","${us(handedAt + (20 + (index % 90)) * 60_000)}","${id}"`);
}
await writeFile(join(folder, 'history.csv'), `${history.join('\r\n')}\r\n`);
await writeFile(join(folder, 'tasks.csv'), `${tasks.join('\r\n')}\r\n`);
console.log(`files: ${history.length - 1} history rows, ${tasks.length - 1} task rows`);

// Node, as the CLI's dry run.
{
  const began = performance.now();
  const readings = [
    await readExportFile(join(folder, 'history.csv'), { timeZone: 'UTC' }),
    await readExportFile(join(folder, 'tasks.csv'), { timeZone: 'UTC' }),
  ];
  const owners = new Map([
    ['sam sdr', { partyId: 'sdr' }],
    ['alex ae', { partyId: 'ae' }],
  ]);
  const report = dryRunReport(
    readings,
    planFiles(readings, { ownerOf: (name) => owners.get(comparableName(name)) }),
    'UTC',
  );
  console.log(
    `node dry run: ${Math.round(performance.now() - began)} ms (${report.handoffs} handoffs, ${report.firstTouches.count} first touches)`,
  );
}

const [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
try {
  await seedWorkspace(relay, 'bench', 'sla');
  const admin = await openAs(browser, relay, pwa.url, { ws: 'bench', sub: 'ada', role: 'admin' }, '/import');
  const { page } = admin;
  await page.getByRole('heading', { name: 'Import history' }).waitFor();
  await page.setInputFiles('#import-files', [join(folder, 'history.csv'), join(folder, 'tasks.csv')]);
  await page.getByLabel('Zone the files were exported in').fill('UTC');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Math.round((metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576);
  };
  const heapBefore = await heap();
  const readStart = Date.now();
  await page.getByRole('button', { name: 'Read 2 files' }).click();
  await page
    .locator('#import-progress')
    .waitFor({ timeout: 60_000 })
    .catch(() => {});
  const firstProgressMs = Date.now() - readStart;
  await page.locator('[data-total="handoffs"]').waitFor({ timeout: 120_000 });
  const previewMs = Date.now() - readStart;
  const handoffsShown = await page.locator('[data-total="handoffs"]').textContent();
  const heapAfterRead = await heap();
  const importButton = page.getByRole('button', { name: /^Import \d+ entries$/ });
  const entries = await importButton.textContent();
  const isProfiled = process.env.PACTLINE_BENCH_PROFILE === '1';
  if (isProfiled) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const importStart = Date.now();
  await importButton.click();
  await page.locator('[data-import-run]').waitFor({ timeout: 300_000 });
  const importMs = Date.now() - importStart;
  if (isProfiled) {
    // Where the page spent the import: self time by function, the ten largest.
    const { profile } = await cdp.send('Profiler.stop');
    const selfMs = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, index) => {
      const frame = byId.get(id)?.callFrame;
      const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.split('/').pop()}:${frame?.lineNumber}`;
      selfMs.set(key, (selfMs.get(key) ?? 0) + (deltas[index] ?? 0) / 1000);
    });
    for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 12))
      console.log(`  profile: ${Math.round(ms)} ms ${key}`);
  }
  const run = await page.locator('[data-import-run]').textContent();
  console.log(
    `chromium: first progress ${firstProgressMs} ms; dry run on screen ${previewMs} ms (${handoffsShown} handoffs)`,
  );
  console.log(`chromium: page heap ${heapBefore} MB before, ${heapAfterRead} MB after reading`);
  console.log(
    `chromium: ${entries?.trim()} written and stored by the relay in ${importMs} ms: ${run?.trim()}`,
  );
  console.log(`chromium: read and import together ${previewMs + importMs} ms (goal ≤ 10,000 ms)`);
  await admin.context.close();
} finally {
  await browser.close();
  await Promise.all([pwa.stop(), relay.kill('SIGTERM')]);
  await rm(folder, { recursive: true, force: true });
}
