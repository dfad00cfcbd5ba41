import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  comparableName,
  type DateOrder,
  dateOrders,
  dryRunReport,
  type FileReading,
  importPresets,
  isKnownTimeZone,
  isReadable,
  type OwnerEntry,
  planFiles,
  presetById,
} from '@pactline/shared';
import Papa from 'papaparse';
import { readExportFile } from './import-export.js';

/**
 * `pnpm pactline import FILE… --zone IANA --owners owners.csv [--preset NAME] [--date-order mdy|dmy|ymd]
 * --dry-run [--json]`: checks CRM exports the way the PWA's import does (one import core in
 * `shared/`), for nightly jobs and for a file checked before a person imports it. Exit 0 when every
 * file can be imported, 1 when one cannot (an error, or dates whose order must be given), 2 for
 * wrong arguments.
 */

const usage = `usage: pnpm pactline import FILE... --zone IANA --owners owners.csv [--preset NAME]
       [--date-order mdy|dmy|ymd] [--record-url URL-with-{id}] --dry-run [--json]
presets: ${importPresets.map((preset) => preset.id).join(', ')} (default: recognized from the headers)`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'import') throw new UsageError(`unknown command ${command ?? '(none)'}`);
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      zone: { type: 'string' },
      owners: { type: 'string' },
      'date-order': { type: 'string' },
      'record-url': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('name at least one export file');
  const zone = values.zone;
  if (zone === undefined)
    throw new UsageError('--zone is required: the zone the export was made in (e.g. America/New_York)');
  if (!isKnownTimeZone(zone)) throw new UsageError(`--zone ${zone} is no IANA time zone`);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && !dateOrders.includes(dateOrder as DateOrder)) {
    throw new UsageError(`--date-order must be one of ${dateOrders.join(', ')}`);
  }
  const preset =
    values.preset === undefined || values.preset === 'auto' ? undefined : presetById(values.preset);
  if (values.preset !== undefined && values.preset !== 'auto' && preset === undefined) {
    throw new UsageError(`no preset ${values.preset}`);
  }
  if (!values['dry-run']) {
    throw new UsageError('only --dry-run is available: writing to a workspace is not built yet');
  }
  const owners =
    values.owners === undefined ? new Map<string, OwnerEntry>() : await readOwners(values.owners);
  const readings: FileReading[] = [];
  for (const path of positionals) {
    readings.push(
      await readExportFile(path, {
        timeZone: zone,
        ...(preset === undefined ? {} : { preset }),
        ...(dateOrder === undefined ? {} : { dateOrder: dateOrder as DateOrder }),
        ...(values['record-url'] === undefined ? {} : { recordUrl: values['record-url'] }),
      }),
    );
  }
  const plan = planFiles(readings, { ownerOf: (name) => owners.get(comparableName(name)) });
  const report = dryRunReport(readings, plan, zone);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printSummary(report);
  return readings.every(isReadable) ? 0 : 1;
}

/** `owners.csv`: the columns `owner,party`, one CRM name per row. */
async function readOwners(path: string): Promise<Map<string, OwnerEntry>> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  const fields = (parsed.meta.fields ?? []).map((field) => field.trim().toLowerCase());
  if (!fields.includes('owner') || !fields.includes('party')) {
    throw new UsageError(`${path} needs the columns owner,party`);
  }
  const owners = new Map<string, OwnerEntry>();
  parsed.data.forEach((row, index) => {
    const entry = Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key.trim().toLowerCase(), (value ?? '').trim()]),
    );
    if (!entry.owner || !entry.party)
      throw new UsageError(`${path} row ${index + 2}: owner and party are both needed`);
    owners.set(comparableName(entry.owner), { partyId: entry.party });
  });
  return owners;
}

function printSummary(report: ReturnType<typeof dryRunReport>): void {
  for (const file of report.files) {
    const state =
      file.error ??
      (file.dateOrderNeeded ? `give --date-order for ${file.dateOrderNeeded.join(', ')}` : 'ok');
    process.stdout.write(
      `${file.file} (${file.preset ?? 'no preset'}): ${file.rows} rows, ${file.skipped.length} skipped: ${state}\n`,
    );
    for (const skip of file.skipped.slice(0, 20)) process.stdout.write(`  row ${skip.row}: ${skip.reason}\n`);
  }
  process.stdout.write(
    `handoffs ${report.handoffs}, first touches ${report.firstTouches.count}, events ${JSON.stringify(report.events)}\n`,
  );
  if (report.unknownOwners.length > 0) {
    process.stdout.write(
      `owners not in owners.csv: ${report.unknownOwners.map((owner) => `${owner.name} (${owner.rows})`).join(', ')}\n`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
