import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HandoffLogRead, readHandoffLog } from '@pactline/shared/doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/extension-workspace.js';
import { importFixtures, runImportCli } from '../support/import-cli.js';
import { connectProvider } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

/**
 * `pnpm pactline import` writing to a workspace through a real relay, with an admin's token: the
 * directory's members and the agreement's rules decide what the rows become; a second run writes
 * nothing; an undo withdraws the run; an editor's token and a broken file write nothing.
 */

const workspace = 'acme';
const zone = 'America/New_York';
let relay: RunningRelay;
let work: string;
let admin: string;

async function readMonth(month: string): Promise<HandoffLogRead> {
  const client = connectProvider(relay.url, `${workspace}/handoffs/${month}`, admin);
  try {
    await client.synced();
    return readHandoffLog(client.doc);
  } finally {
    client.destroy();
  }
}

async function importRun(token: string, ...args: string[]) {
  const run = await runImportCli(work, [...args, '--zone', zone, '--relay', relay.url, '--json'], {
    PACTLINE_TOKEN: token,
  });
  return { ...run, report: run.stdout === '' ? undefined : JSON.parse(run.stdout) };
}

beforeAll(async () => {
  relay = await startRelay();
  await seedWorkspace(relay, workspace, 'sla');
  admin = await relay.mintToken({ ws: workspace, sub: 'ada', role: 'admin' });
  work = await mkdtemp(join(tmpdir(), 'pactline-import-relay-'));
  for (const name of ['salesforce-lead-history.csv', 'salesforce-tasks.csv']) {
    await copyFile(join(importFixtures, name), join(work, name));
  }
}, 60_000);

afterAll(async () => {
  await relay?.kill();
  await rm(work, { recursive: true, force: true });
});

describe('pnpm pactline import into a workspace', () => {
  it('refuses an editor’s token, and writes nothing when one file cannot be imported', async () => {
    const editor = await relay.mintToken({ ws: workspace, sub: 'sam', role: 'editor' });
    const byEditor = await importRun(editor, 'salesforce-lead-history.csv');
    expect(byEditor).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("imports are an admin's to write"),
    });
    const whole = await readFile(join(work, 'salesforce-lead-history.csv'), 'utf8');
    await writeFile(join(work, 'cut.csv'), whole.slice(0, whole.indexOf('Working - Contacted') + 5));
    const halfBroken = await importRun(admin, 'salesforce-lead-history.csv', 'cut.csv');
    expect(halfBroken.code).toBe(1);
    expect(halfBroken.stderr).toContain('nothing was written');
    expect((await readMonth('2026-03')).handoffs).toEqual([]);
  });

  it('writes the history as the live log would have it, by the importing admin for the CRM’s people', async () => {
    const { code, report, stderr } = await importRun(
      admin,
      'salesforce-lead-history.csv',
      'salesforce-tasks.csv',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report).toMatchObject({
      importId: expect.stringMatching(/^imp-/),
      months: ['2026-03'],
      written: { handoffs: 2, events: 3, activities: 4, alreadyThere: 0 },
      unknownOwners: [{ name: "=cmd|' /C calc'!A0", rows: 1 }],
    });
    const log = await readMonth('2026-03');
    expect(log.problems).toEqual([]);
    expect(
      log.handoffs.map((handoff) => [
        handoff.lead.displayName,
        handoff.rules[0]?.ruleId,
        handoff.fromPartyId,
        handoff.toUserId,
        handoff.fromUserId,
        handoff.source,
        handoff.events.map((event) => [event.type, event.byUserId, event.imported?.byUserId]),
      ]),
    ).toEqual([
      ['Ada Lovelace', 'sql-first-touch', 'sdr', 'alex', 'ada', 'import', [['first_touch', 'ada', 'alex']]],
      [
        'Grace Hopper',
        'sql-first-touch',
        'sdr',
        'alex',
        'ada',
        'import',
        [
          ['first_touch', 'ada', 'alex'],
          ['rejected', 'ada', 'alex'],
        ],
      ],
    ]);
    expect(log.activities.map((activity) => [activity.kind, activity.imported?.byUserId])).toEqual([
      ['call', 'alex'],
      ['email', 'alex'],
      ['call', 'sam'],
      ['call', 'alex'],
    ]);
    // History arrives after the fact by nature: it says where it came from, not that it was late.
    expect(log.handoffs[0]?.receivedAtMs).toBeGreaterThan(Date.parse('2026-04-01T00:00:00Z'));

    const again = await importRun(admin, 'salesforce-lead-history.csv', 'salesforce-tasks.csv');
    expect(again.report.written).toEqual({ handoffs: 0, events: 0, activities: 0, alreadyThere: 9 });

    const undone = await runImportCli(
      work,
      ['--undo', report.importId, '--relay', relay.url, '--since', '2026-01'],
      {
        PACTLINE_TOKEN: admin,
      },
    );
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout)).toEqual({
      importId: report.importId,
      withdrawn: 9,
      months: ['2026-03'],
    });
    expect(await readMonth('2026-03')).toMatchObject({ handoffs: [], activities: [], problems: [] });
    const twice = await runImportCli(
      work,
      ['--undo', report.importId, '--relay', relay.url, '--since', '2026-01'],
      {
        PACTLINE_TOKEN: admin,
      },
    );
    expect(twice.code).toBe(1);
    expect(JSON.parse(twice.stdout)).toMatchObject({ withdrawn: 0 });
  });
});
