import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  type ColumnRole,
  columnRoles,
  comparableName,
  type DateOrder,
  dateOrders,
  directoryOwnerOf,
  dryRunReport,
  type FileReading,
  type ImportKind,
  type ImportPreset,
  importKinds,
  importPresets,
  isKnownTimeZone,
  isReadable,
  type OwnerEntry,
  planFiles,
  presetById,
  presetFromMapping,
  requiredRoles,
  stableHash,
} from '@pactline/shared';
import Papa from 'papaparse';
import { readExportFile } from './import-export.js';
import {
  ImportCommandError,
  type RelayTarget,
  readTokenClaims,
  readWorkspace,
  undoRun,
  writePlan,
} from './import-relay.js';

/**
 * `pnpm pactline import FILE… --zone IANA --owners owners.csv [--preset NAME] [--date-order mdy|dmy|ymd]
 * [--dry-run] [--json] [--relay URL --token TOKEN]`: imports CRM exports the way the PWA's import
 * does (one import core in `shared/`), for nightly jobs and for a file checked before a person
 * imports it. With `--dry-run` nothing is written (and with a relay, the workspace's directory and
 * rules are used to preview); without it the entries are written to the workspace through the
 * relay with an admin's token, and the run's id is printed; `--undo RUN_ID` withdraws a run. Exit 0
 * when every file can be imported, 1 when one cannot (an error, or dates whose order must be
 * given: then nothing is written), 2 for wrong arguments.
 */

const usage = `usage: pnpm pactline import FILE... --zone IANA [--owners owners.csv]
       [--preset NAME | --kind records|history|activities --map ROLE=Header... --record-url URL-with-{id}]
       [--date-order mdy|dmy|ymd] [--record-url URL-with-{id}] [--json]
       (--dry-run | --relay URL --token TOKEN [--agreement ID])
       pnpm pactline import --undo RUN_ID --relay URL --token TOKEN [--since YYYY-MM]
The token may be given as PACTLINE_TOKEN instead of --token.
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
      relay: { type: 'string' },
      token: { type: 'string' },
      agreement: { type: 'string' },
      undo: { type: 'string' },
      since: { type: 'string' },
      kind: { type: 'string' },
      map: { type: 'string', multiple: true },
    },
  });
  const nowMs = Date.now();
  const token = values.token ?? process.env.PACTLINE_TOKEN;
  const target = (): RelayTarget => {
    if (values.relay === undefined || token === undefined) {
      throw new UsageError('writing needs --relay and an admin token (--token or PACTLINE_TOKEN)');
    }
    return { relayUrl: values.relay, token, claims: readTokenClaims(token, nowMs) };
  };
  if (values.undo !== undefined) {
    if (values.since !== undefined && !/^\d{4}-\d{2}$/.test(values.since)) {
      throw new UsageError('--since is a month: YYYY-MM');
    }
    const undone = await undoRun(target(), values.undo, nowMs, values.since);
    process.stdout.write(`${JSON.stringify({ importId: values.undo, ...undone }, null, 2)}\n`);
    return undone.withdrawn > 0 ? 0 : 1;
  }
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
    values.kind !== undefined
      ? mappedPreset(values.kind, values.map ?? [], values['record-url'])
      : values.preset === undefined || values.preset === 'auto'
        ? undefined
        : presetById(values.preset);
  if (
    values.kind === undefined &&
    values.preset !== undefined &&
    values.preset !== 'auto' &&
    preset === undefined
  ) {
    throw new UsageError(`no preset ${values.preset}`);
  }
  const relay = values['dry-run'] && values.relay === undefined ? undefined : target();
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
  const isComplete = readings.every(isReadable);
  if (relay === undefined) {
    const plan = planFiles(readings, { ownerOf: (name) => owners.get(comparableName(name)) });
    print(dryRunReport(readings, plan, zone), values.json);
    return isComplete ? 0 : 1;
  }
  const workspace = await readWorkspace(relay, values.agreement);
  const ownerOf = directoryOwnerOf(workspace.members, owners);
  const importId = `imp-${stableHash(`${relay.claims.sub}|${nowMs}|${positionals.join('|')}`)}`;
  const plan = planFiles(readings, {
    ownerOf,
    rules: workspace.rules,
    writer: { agreementId: workspace.agreementId, importerUserId: relay.claims.sub, importId },
  });
  const report = dryRunReport(readings, plan, zone);
  if (values['dry-run'] || !isComplete) {
    print(report, values.json);
    if (!isComplete && !values['dry-run'])
      process.stderr.write('nothing was written: a file cannot be imported\n');
    return isComplete ? 0 : 1;
  }
  const result = await writePlan(relay, plan);
  print({ ...report, importId, ...result }, values.json);
  return 0;
}

type Printed = ReturnType<typeof dryRunReport> & { importId?: string };

function print(report: Printed, isJson: boolean): void {
  if (isJson) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printSummary(report);
}

/** `--kind history --map recordId="Lead Id" --map editedAt=When …`: a CSV no preset knows. */
function mappedPreset(kind: string, maps: readonly string[], recordUrl: string | undefined): ImportPreset {
  if (!importKinds.includes(kind as ImportKind))
    throw new UsageError(`--kind must be one of ${importKinds.join(', ')}`);
  if (recordUrl === undefined || !/^https?:\/\/\S+$/.test(recordUrl) || !recordUrl.includes('{id}')) {
    throw new UsageError(
      '--kind needs --record-url: where a record opens, with {id} for its id (https://crm.example.com/leads/{id})',
    );
  }
  const columns: Partial<Record<ColumnRole, string>> = {};
  for (const map of maps) {
    const equals = map.indexOf('=');
    const role = map.slice(0, equals) as ColumnRole;
    if (equals < 1 || !columnRoles.includes(role)) {
      throw new UsageError(`--map ${map}: a role=Header pair, the role one of ${columnRoles.join(', ')}`);
    }
    columns[role] = map.slice(equals + 1);
  }
  const missing = requiredRoles(kind as ImportKind).filter((anyOf) =>
    anyOf.every((role) => columns[role] === undefined),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `--kind ${kind} needs --map for ${missing.map((anyOf) => anyOf.join(' or ')).join(', ')}`,
    );
  }
  return presetFromMapping({ kind: kind as ImportKind, columns, recordUrl });
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

function printSummary(report: Printed): void {
  for (const file of report.files) {
    const state =
      file.error ??
      (file.dateOrderNeeded ? `give --date-order for ${file.dateOrderNeeded.join(', ')}` : 'ok');
    process.stdout.write(
      `${file.file} (${file.preset ?? 'no preset'}): ${file.rows} rows, ${file.skipped.length} skipped: ${state}\n`,
    );
    for (const skip of file.skipped.slice(0, 20)) process.stdout.write(`  row ${skip.row}: ${skip.reason}\n`);
  }
  if (report.importId !== undefined) process.stdout.write(`written as import run ${report.importId}\n`);
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
    if (error instanceof UsageError || error instanceof ImportCommandError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
