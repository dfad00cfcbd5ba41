import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparableName, dryRunReport, ExportReader, type FileReading, planFiles } from '@pactline/shared';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, importFixtures, runImportCli } from '../support/import-cli.js';

/**
 * The import CLI's dry run, run as a person would (`pnpm pactline import … --dry-run --json`) on
 * files shaped like the CRMs' exports, and on the broken files real exports are.
 */

const fixtures = importFixtures;
const zone = 'America/New_York';
let work: string;

function cli(...args: string[]): Promise<CliRun> {
  return runImportCli(work, args);
}

async function dryRun(...args: string[]): Promise<{ code: number; report: ReturnType<typeof dryRunReport> }> {
  const run = await cli(...args, '--zone', zone, '--owners', 'owners.csv', '--dry-run', '--json');
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pactline-import-'));
  for (const name of [
    'salesforce-lead-history.csv',
    'salesforce-tasks.csv',
    'hubspot-contacts.csv',
    'owners.csv',
  ]) {
    await copyFile(join(fixtures, name), join(work, name));
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pnpm pactline import --dry-run --json', () => {
  it('reports a Salesforce history and tasks export: handoffs by parties, first touches, activities by rep and week', async () => {
    const { code, report } = await dryRun('salesforce-lead-history.csv', 'salesforce-tasks.csv');
    expect(code).toBe(0);
    expect(report.files).toEqual([
      expect.objectContaining({
        file: 'salesforce-lead-history.csv',
        preset: 'salesforce-lead-history',
        rows: 7,
        footerRows: 4,
      }),
      expect.objectContaining({
        file: 'salesforce-tasks.csv',
        preset: 'salesforce-activities',
        rows: 6,
        footerRows: 3,
      }),
    ]);
    expect(report.ownerChanges).toEqual({ byParties: { 'sdr->ae': 2 } });
    expect(report.firstTouches).toEqual({
      count: 2,
      byLead: {
        '00Q5g00000AbCdE': '2026-03-02T16:05:00.000Z',
        '00Q5g00000GhIjK': '2026-03-13T18:45:00.000Z',
      },
    });
    expect(report.activities.byRepWeek).toEqual({
      'Alex Ae': { '2026-W10': { call: 1, email: 1 }, '2026-W11': { call: 1, email: 0 } },
      'Sam Sdr': { '2026-W11': { call: 1, email: 0 } },
    });
    expect(report.events).toEqual({ first_touch: 2, rejected: 1 });
    // The formula-looking owner is a name nobody has, listed as it is: never evaluated, never dropped.
    expect(report.unknownOwners).toEqual([{ name: "=cmd|' /C calc'!A0", rows: 1 }]);
    // A comment spanning three lines inside quotes leaves row numbers as a spreadsheet shows them.
    expect(report.files[1]?.skipped).toEqual([
      { row: 4, reason: 'not a call, email or meeting (Task)' },
      { row: 7, reason: 'not completed (Status: Not Started)' },
    ]);
  });

  it('prints what the shared import core gives for the same files parsed whole, as the PWA will', async () => {
    const files = ['salesforce-lead-history.csv', 'salesforce-tasks.csv', 'hubspot-contacts.csv'];
    const { report } = await dryRun(...files);
    const readings: FileReading[] = [];
    for (const file of files) {
      const reader = new ExportReader({ file, timeZone: zone });
      const text = (await readFile(join(work, file), 'utf8')).replace(/^\uFEFF/, '');
      const rows = Papa.parse<string[]>(text).data;
      reader.header(rows[0] ?? []);
      rows.slice(1).forEach((cells, index) => {
        reader.row(cells, index + 2);
      });
      readings.push(reader.finish({ endsWithLineBreak: /\n$/.test(text) }));
    }
    const owners = new Map([
      ['sam sdr', { partyId: 'sdr' }],
      ['alex ae', { partyId: 'ae' }],
      ['mia marketing', { partyId: 'marketing' }],
      ['jürgen müller', { partyId: 'ae' }],
      ['renée dubois', { partyId: 'sdr' }],
    ]);
    const inProcess = dryRunReport(
      readings,
      planFiles(readings, { ownerOf: (name) => owners.get(comparableName(name)) }),
      zone,
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(inProcess)));
  });

  it('changes nothing when the same rows are read again, in the same file or an overlapping export', async () => {
    await copyFile(join(work, 'salesforce-lead-history.csv'), join(work, 'history-again.csv'));
    const once = await dryRun('salesforce-lead-history.csv', 'salesforce-tasks.csv');
    const twice = await dryRun('salesforce-lead-history.csv', 'salesforce-tasks.csv', 'history-again.csv');
    // Five changes in the history file (two owner changes, two status changes, one more owner), each kept once.
    expect(twice.report.duplicateRows).toBe(5);
    for (const key of ['handoffs', 'ownerChanges', 'firstTouches', 'activities', 'events'] as const) {
      expect(twice.report[key]).toEqual(once.report[key]);
    }
  });

  it('reads a Windows-1252 export with semicolons, and names owners with accents as owners.csv has them', async () => {
    const text = [
      'Lead ID;Edited By;Field / Event;Old Value;New Value;Edit Date',
      '00Q1;Renée Dubois;Lead Owner;Renée Dubois;Jürgen Müller;05.03.2026 14:22',
      '00Q1;Jürgen Müller;Lead Status;Open;Unqualified;06.03.2026 09:00',
    ].join('\r\n');
    const bytes = Buffer.from(
      [...text].map((character) => ({ é: 0xe9, ü: 0xfc })[character] ?? character.charCodeAt(0)),
    );
    expect(bytes.includes(0xc3)).toBe(false); // no UTF-8 in it
    await writeFile(join(work, 'history-1252.csv'), Buffer.concat([bytes, Buffer.from('\r\n')]));
    const { code, report } = await dryRun('history-1252.csv', '--zone', 'Europe/Berlin');
    expect(code).toBe(0);
    expect(report.files[0]).toMatchObject({ preset: 'salesforce-lead-history', rows: 2, skipped: [] });
    expect(report.ownerChanges).toEqual({ byParties: { 'sdr->ae': 1 } });
    expect(report.events).toEqual({ rejected: 1 });
    expect(report.unknownOwners).toEqual([]);
  });

  it('refuses a file cut off inside a quoted value or mid-row, imports nothing of it, and still checks the others', async () => {
    const whole = await readFile(join(work, 'salesforce-lead-history.csv'), 'utf8');
    const insideQuotes = whole.slice(0, whole.indexOf('Working - Contacted') + 5);
    await writeFile(join(work, 'cut-in-quotes.csv'), insideQuotes);
    const lines = whole.split('\r\n');
    await writeFile(
      join(work, 'cut-mid-row.csv'),
      `${lines.slice(0, 5).join('\r\n')}\r\n"00Q5g00000GhIjKEA1","Grace","Hopper",`,
    );
    const { code, report } = await dryRun('cut-in-quotes.csv', 'cut-mid-row.csv', 'salesforce-tasks.csv');
    expect(code).toBe(1);
    expect(report.files[0]).toMatchObject({
      error: expect.stringMatching(/ends inside a quoted value .* cut off/),
      skipped: [],
    });
    expect(report.files[1]).toMatchObject({
      error: 'the file ends in the middle of a row: it looks cut off; export it again',
    });
    expect(report.handoffs).toBe(0);
    expect(report.ownerChanges.byParties).toEqual({});
    expect(report.activities.byRepWeek).toHaveProperty('Alex Ae');
  });

  it('asks for the order of day and month when no cell decides it, and reads the file once given', async () => {
    await writeFile(
      join(work, 'ambiguous.csv'),
      'Lead ID,Edited By,Field / Event,Old Value,New Value,Edit Date\n00Q9,Mia,Lead Owner,Sam Sdr,Alex Ae,04/03/2026 10:00\n',
    );
    const asked = await dryRun('ambiguous.csv');
    expect(asked.code).toBe(1);
    expect(asked.report.files[0]).toMatchObject({ dateOrderNeeded: ['Edit Date'] });
    expect(asked.report.handoffs).toBe(0);
    const told = await dryRun('ambiguous.csv', '--date-order', 'dmy');
    expect(told.code).toBe(0);
    expect(told.report.firstTouches.count).toBe(0);
    expect(told.report.ownerChanges.byParties).toEqual({ 'sdr->ae': 1 });
  });

  it('says what is wrong with the command: no zone, an unknown zone, a preset that is not one, writing without a relay', async () => {
    const noZone = await cli('salesforce-tasks.csv', '--dry-run');
    expect(noZone).toMatchObject({ code: 2, stderr: expect.stringContaining('--zone is required') });
    const badZone = await cli('salesforce-tasks.csv', '--zone', 'Mars/Olympus', '--dry-run');
    expect(badZone).toMatchObject({ code: 2, stderr: expect.stringContaining('no IANA time zone') });
    const badPreset = await cli('salesforce-tasks.csv', '--zone', zone, '--preset', 'excel', '--dry-run');
    expect(badPreset).toMatchObject({ code: 2, stderr: expect.stringContaining('no preset excel') });
    const writing = await cli('salesforce-tasks.csv', '--zone', zone);
    expect(writing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('writing needs --relay and an admin token'),
    });
    await writeFile(join(work, 'owners-bad.csv'), 'name,team\nSam,sdr\n');
    const badOwners = await cli(
      'salesforce-tasks.csv',
      '--zone',
      zone,
      '--owners',
      'owners-bad.csv',
      '--dry-run',
    );
    expect(badOwners).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs the columns owner,party'),
    });
  });

  it('reads a CSV no preset knows through --kind and --map, and says what a mapping lacks', async () => {
    await writeFile(
      join(work, 'changes.csv'),
      'Record;What;From;To;Who;When\nL-1;Owner;Sam Sdr;Alex Ae;Mia Marketing;2026-03-02 10:15\n',
    );
    const maps = [
      'recordId=Record',
      'field=What',
      'oldValue=From',
      'newValue=To',
      'editedBy=Who',
      'editedAt=When',
    ];
    const mapped = await dryRun(
      'changes.csv',
      '--kind',
      'history',
      ...maps.flatMap((map) => ['--map', map]),
      '--record-url',
      'https://crm.example.com/leads/{id}',
    );
    expect(mapped.code).toBe(0);
    expect(mapped.report.files[0]).toMatchObject({ preset: 'mapped', rows: 1, skipped: [] });
    expect(mapped.report.ownerChanges).toEqual({ byParties: { 'sdr->ae': 1 } });
    const noUrl = await cli(
      'changes.csv',
      '--zone',
      zone,
      '--dry-run',
      '--kind',
      'history',
      ...maps.flatMap((map) => ['--map', map]),
    );
    expect(noUrl).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind needs --record-url') });
    const lacking = await cli(
      'changes.csv',
      '--zone',
      zone,
      '--dry-run',
      '--kind',
      'history',
      '--map',
      'recordId=Record',
      '--record-url',
      'https://crm.example.com/{id}',
    );
    expect(lacking).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--kind history needs --map for field, newValue, editedAt'),
    });
    const unknownRole = await cli(
      'changes.csv',
      '--zone',
      zone,
      '--dry-run',
      '--kind',
      'history',
      '--map',
      'colour=What',
      '--record-url',
      'https://crm.example.com/{id}',
    );
    expect(unknownRole).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--map colour=What: a role=Header pair'),
    });
  });

  it('reads a HubSpot contacts export by its headers and prints a summary without --json', async () => {
    const run = await cli('hubspot-contacts.csv', '--zone', zone, '--owners', 'owners.csv', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('hubspot-contacts.csv (hubspot-contacts): 2 rows');
  });
});
