import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HandoffLogRead, readAgreement, readHandoffLog } from '@pactline/shared/doc';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/extension-workspace';
import { importFixtures, runImportCli } from '../support/import-cli';
import { launchChromium, screenshot } from '../support/pwa-browser';
import { type PwaServer, startPwaServer } from '../support/pwa-server';
import { openAs, type PwaUser } from '../support/pwa-session';
import { connectProvider } from '../support/relay-clients';
import { type RunningRelay, startRelay } from '../support/relay-process';

/**
 * The PWA's import, in real Chromium against a real relay: an admin reads two Salesforce exports
 * in the worker, checks the dry run (the same as the CLI's for the same files and workspace),
 * imports, and undoes the import; an editor is told the import is an admin's.
 */

const workspace = 'umbrella';
const files = ['salesforce-lead-history.csv', 'salesforce-tasks.csv'];
let relay: RunningRelay;
let pwa: PwaServer;
let browser: Browser;
let admin: PwaUser;

async function readMonth(month: string): Promise<HandoffLogRead> {
  const client = connectProvider(relay.url, `${workspace}/handoffs/${month}`, admin.token);
  try {
    await client.synced();
    return readHandoffLog(client.doc);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  [relay, pwa, browser] = await Promise.all([startRelay(), startPwaServer(), launchChromium()]);
  await seedWorkspace(relay, workspace, 'sla');
  admin = await openAs(
    browser,
    relay,
    pwa.url,
    { ws: workspace, sub: 'ada', role: 'admin', name: 'Ada Admin' },
    '/import',
  );
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([pwa?.stop(), relay?.kill('SIGTERM')]);
});

describe('importing CRM history in the PWA', () => {
  it('previews the dry run the CLI prints, imports, and undoes the import as a whole', async () => {
    const { page } = admin;
    await page.getByRole('heading', { name: 'Import history' }).waitFor();
    await page.setInputFiles(
      '#import-files',
      files.map((file) => join(importFixtures, file)),
    );
    await page.getByLabel('Zone the files were exported in').fill('America/New_York');
    await page.getByRole('button', { name: 'Read 2 files' }).click();
    await page.locator('[data-total="handoffs"]', { hasText: '2' }).waitFor();
    expect(await page.locator('[data-file-state]').allTextContents()).toEqual(['Ready', 'Ready']);
    expect(await page.locator('[data-total="owner-changes"]').textContent()).toBe('sdr → ae: 2');
    // What the files' history says about the SDR-to-AE rule: called back after 50 and 225 minutes.
    const sqlHistory = page.locator('[data-history-rule="sql-first-touch"] td');
    expect(await sqlHistory.allTextContents()).toEqual(['2', '2.3 h', '3.8 h', '3.8 h', '100 %', '480 min']);
    // The formula-looking owner is shown as text, to be named or left out; never evaluated.
    expect(await page.locator('[data-unknown-owner]').getAttribute('data-unknown-owner')).toBe(
      "=cmd|' /C calc'!A0",
    );

    const preview = JSON.parse((await page.locator('pre[data-dry-run]').textContent()) ?? '');
    const cli = await runImportCli(
      importFixtures,
      [...files, '--zone', 'America/New_York', '--dry-run', '--json', '--relay', relay.url],
      {
        PACTLINE_TOKEN: admin.token,
      },
    );
    expect(cli.stderr).toBe('');
    expect(preview).toEqual(JSON.parse(cli.stdout));
    await screenshot(page, 'pwa-import-preview', { fullPage: true });

    await page.getByRole('button', { name: 'Import 9 entries' }).click();
    const run = page.locator('[data-import-run]');
    await run.waitFor();
    expect(await run.textContent()).toContain('2 handoffs, 3 events, 4 activities');
    const imported = await readMonth('2026-03');
    expect(
      imported.handoffs.map((handoff) => [handoff.lead.displayName, handoff.fromUserId, handoff.source]),
    ).toEqual([
      ['Ada Lovelace', 'ada', 'import'],
      ['Grace Hopper', 'ada', 'import'],
    ]);

    await run.getByRole('button', { name: 'Undo this import' }).click();
    await run.locator('[data-undone]', { hasText: '9 entries withdrawn' }).waitFor();
    expect(await readMonth('2026-03')).toMatchObject({ handoffs: [], activities: [], problems: [] });
    expect(admin.errors).toEqual([]);
  });

  it('proposes a target from the history, and an admin sets it on the rule', async () => {
    // Twelve leads handed from Sam to Alex on successive days, each called back 10, 20 … 120 minutes later.
    const folder = await mkdtemp(join(tmpdir(), 'pactline-history-'));
    const history = ['Lead ID,Edited By,Field / Event,Old Value,New Value,Edit Date'];
    const tasks = ['Assigned,Task Subtype,Status,Completed Date/Time,Lead ID'];
    for (let index = 0; index < 12; index++) {
      const day = 13 + index;
      history.push(`00Q${index},Sam SDR,Lead Owner,Sam SDR,Alex AE,3/${day}/2026 9:00 AM`);
      const minutes = (index + 1) * 10;
      tasks.push(
        `Alex AE,Call,Completed,3/${day}/2026 ${9 + Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} AM,00Q${index}`,
      );
    }
    await writeFile(join(folder, 'history-12.csv'), `${history.join('\n')}\n`);
    await writeFile(join(folder, 'tasks-12.csv'), `${tasks.join('\n')}\n`);
    const { page } = admin;
    await page.goto(`${pwa.url}/#/import`);
    await page.setInputFiles('#import-files', [join(folder, 'history-12.csv'), join(folder, 'tasks-12.csv')]);
    await page.getByLabel('Zone the files were exported in').fill('UTC');
    await page.getByRole('button', { name: 'Read 2 files' }).click();
    const row = page.locator('[data-history-rule="sql-first-touch"]');
    await row.locator('[data-share-met]', { hasText: '100 %' }).waitFor();
    await row.getByRole('button', { name: 'Set to 120 min (4 in 5 met it)' }).click();
    await row.getByText('120 min', { exact: true }).waitFor();
    const client = connectProvider(relay.url, `${workspace}/agreement/sla`, admin.token);
    try {
      await client.synced();
      const rule = readAgreement(client.doc).agreement?.terms.rules.find(
        (each) => each.id === 'sql-first-touch',
      );
      expect(rule).toMatchObject({ kind: 'response', targetMinutes: 120 });
    } finally {
      client.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('maps the columns of a CSV no preset knows, and reads it with them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pactline-mapped-'));
    await writeFile(
      join(folder, 'changes.csv'),
      'Record,What,From,To,Who,When\nL-1,Owner,Sam SDR,Alex AE,Mia Marketing,2026-03-02 10:15\n',
    );
    try {
      const { page } = admin;
      await page.goto(`${pwa.url}/#/import`);
      await page.setInputFiles('#import-files', [join(folder, 'changes.csv')]);
      await page.getByLabel('Zone the files were exported in').fill('UTC');
      await page.getByRole('button', { name: 'Read the file' }).click();
      const form = page.locator('form[data-mapping="changes.csv"]');
      await form.waitFor();
      for (const [label, header] of [
        ['Record id (needed)', 'Record'],
        ['Field changed (needed)', 'What'],
        ['Old value', 'From'],
        ['New value (needed)', 'To'],
        ['Changed by', 'Who'],
        ['Changed at (needed)', 'When'],
      ] as const)
        await form.getByLabel(label, { exact: true }).selectOption(header);
      await form
        .getByLabel('Where a record opens, {id} for its id')
        .fill('https://crm.example.com/leads/{id}');
      await form.getByRole('button', { name: 'Read changes.csv with these columns' }).click();
      await page.locator('[data-total="owner-changes"]', { hasText: 'sdr → ae: 1' }).waitFor();
      expect(await page.locator('[data-file-state]').allTextContents()).toEqual(['Ready']);
      expect(await page.locator('[data-total="handoffs"]').textContent()).toBe('1');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('tells an editor that importing is an admin’s', async () => {
    const editor = await openAs(
      browser,
      relay,
      pwa.url,
      { ws: workspace, sub: 'sam', role: 'editor' },
      '/import',
    );
    try {
      await editor.page.getByText('Importing CRM history is an admin').waitFor();
      expect(await editor.page.locator('#import-files').count()).toBe(0);
    } finally {
      await editor.context.close();
    }
  });
});
