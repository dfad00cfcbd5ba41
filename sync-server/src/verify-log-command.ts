import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ChainedEntry,
  type ChainLink,
  chainLinkSchema,
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  handoffEventSchema,
  handoffLogCsv,
  handoffSchema,
  parseRoom,
  verifyChain,
} from '@pactline/shared';
import {
  type HandoffLogVerdict,
  handoffMonth,
  logEntryMaps,
  receiptKey,
  verifyHandoffLog,
} from '@pactline/shared/doc';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import pg from 'pg';
import * as Y from 'yjs';

/**
 * `verify-log`: checks the hash chains of every handoff-log month in the relay's store (the SQLite
 * file in the data dir, or Postgres when the relay's environment names one), or the rooms named
 * with `--room`, read-only, while the relay runs or not; or, with `--csv FILE`, a
 * log's entries as the PWA exports them ("Export entries"), offline, with no store at all. Prints
 * one line per month and each break it finds; exits 1 when anything is broken, 2 when the input
 * cannot be read.
 */
export const verifyLogUsage =
  'usage: verify-log [--room <workspace>/handoffs/<yyyy-mm>]… | verify-log --csv <entries.csv>';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The relay's stored rooms, read-only. */
type StoredRooms = {
  rooms(): Promise<string[]>;
  /** The room's document as the relay would load it: its snapshot, then every update still stored. */
  load(room: string): Promise<Y.Doc>;
  close(): Promise<void>;
};

export type VerifyLogStore = { dataDir: string; postgresUrl: string | null };

export async function runVerifyLogCommand(
  args: string[],
  store: VerifyLogStore,
  print: (line: string) => void,
): Promise<number> {
  let rooms: string[];
  let csv: string | undefined;
  try {
    ({
      values: { room: rooms = [], csv },
    } = parseArgs({
      args,
      options: { room: { type: 'string', multiple: true }, csv: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    print(`${(error as Error).message}\n${verifyLogUsage}`);
    return 2;
  }
  if (csv !== undefined) return verifyCsv(csv, print);
  let source: StoredRooms;
  if (store.postgresUrl === null) {
    const path = join(store.dataDir, 'relay.sqlite');
    if (!existsSync(path)) {
      print(`no relay store at ${path}`);
      return 2;
    }
    source = sqliteRooms(path);
  } else {
    try {
      source = await postgresRooms(store.postgresUrl);
    } catch (error) {
      print(`cannot read the Postgres store: ${(error as Error).message}`);
      return 2;
    }
  }
  try {
    const stored = await source.rooms();
    const logs = stored.filter((room) => {
      const parsed = parseRoom(room);
      return parsed.ok && parsed.room.kind === 'handoffs';
    });
    const chosen = rooms.length === 0 ? logs.sort() : rooms;
    let isBroken = false;
    for (const room of chosen) {
      if (!logs.includes(room)) {
        print(`${room}: not a handoff log in this store`);
        isBroken = true;
        continue;
      }
      const verdict = await verifyHandoffLog(await source.load(room), sha256Hex);
      for (const line of describe(room, verdict)) print(line);
      if (!verdict.isVerified) isBroken = true;
    }
    return isBroken ? 1 : 0;
  } finally {
    await source.close();
  }
}

/** A snapshot and the updates after it, applied in order (a compaction may leave one of any number). */
function docOf(snapshot: Uint8Array | undefined, updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function sqliteRooms(path: string): StoredRooms {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  return {
    rooms: async () =>
      (
        db.prepare('SELECT room FROM snapshots UNION SELECT DISTINCT room FROM updates').all() as {
          room: string;
        }[]
      ).map((row) => row.room),
    load: async (room) => {
      const snapshot = db.prepare('SELECT data FROM snapshots WHERE room = ?').get(room) as
        | { data: Buffer }
        | undefined;
      const updates = db.prepare('SELECT data FROM updates WHERE room = ? ORDER BY seq').all(room) as {
        data: Buffer;
      }[];
      return docOf(
        snapshot && new Uint8Array(snapshot.data),
        updates.map((row) => new Uint8Array(row.data)),
      );
    },
    close: async () => {
      db.close();
    },
  };
}

/** The Postgres store's tables (`storage/postgres-doc-store.ts`), read in read-only transactions. */
async function postgresRooms(url: string): Promise<StoredRooms> {
  const client = new pg.Client({ connectionString: url, application_name: 'pactline-verify-log' });
  await client.connect();
  const readOnly = async <T>(read: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await read();
    } finally {
      await client.query('COMMIT');
    }
  };
  return {
    rooms: () =>
      readOnly(async () =>
        (
          await client.query<{ room: string }>(
            'SELECT room FROM pactline_snapshots UNION SELECT DISTINCT room FROM pactline_updates',
          )
        ).rows.map((row) => row.room),
      ),
    load: (room) =>
      readOnly(async () => {
        const snapshot = (
          await client.query<{ data: Buffer }>('SELECT data FROM pactline_snapshots WHERE room = $1', [room])
        ).rows[0];
        const updates = (
          await client.query<{ data: Buffer }>(
            'SELECT data FROM pactline_updates WHERE room = $1 ORDER BY seq',
            [room],
          )
        ).rows;
        return docOf(
          snapshot && new Uint8Array(snapshot.data),
          updates.map((row) => new Uint8Array(row.data)),
        );
      }),
    close: () => client.end(),
  };
}

const csvColumns = ['event', 'received_at', 'chain_seq', 'chain_prev', 'chain_hash', 'chained_at', 'entry'];

/**
 * Checks an entries export: every line's entry against its link, month by month and chain by
 * chain, and every other column against the entry it is read from (the file is written again
 * from its entries and links, and must come out identical).
 */
async function verifyCsv(path: string, print: (line: string) => void): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    print(`cannot read ${path}: ${(error as Error).message}`);
    return 2;
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const missing = csvColumns.filter((column) => !parsed.meta.fields?.includes(column));
  if (missing.length > 0) {
    print(`${path}: not an entries export of the handoff log (no ${missing.join(', ')} column)`);
    return 2;
  }
  const problems: string[] = [];
  const handoffs = new Map<string, Handoff & { events: HandoffEvent[] }>();
  const chains = new Map<string, ChainedEntry[]>();
  const stored = new Map<string, { entry: unknown; link?: ChainLink }>();
  for (const [index, row] of parsed.data.entries()) {
    const lineNumber = index + 2;
    let entry: { id?: unknown; handoffId?: unknown; startedAtMs?: unknown };
    try {
      entry = JSON.parse(row.entry ?? '');
    } catch {
      problems.push(`line ${lineNumber}: its entry is not JSON`);
      continue;
    }
    const isHandoff = row.event === 'handoff';
    const parsedEntry = isHandoff ? handoffSchema.safeParse(entry) : handoffEventSchema.safeParse(entry);
    if (!parsedEntry.success) {
      problems.push(`line ${lineNumber}: its entry is not a valid ${isHandoff ? 'handoff' : 'event'}`);
      continue;
    }
    const key = receiptKey(isHandoff ? 'handoffs' : 'events', String(entry.id));
    const receivedAtMs = row.received_at ? Date.parse(row.received_at) : undefined;
    const link = row.chain_seq
      ? chainLinkSchema.safeParse({
          seq: Number(row.chain_seq),
          prev: row.chain_prev ?? '',
          hash: row.chain_hash,
          atMs: Date.parse(row.chained_at ?? ''),
        })
      : undefined;
    if (link !== undefined && !link.success) problems.push(`line ${lineNumber}: its link is not one`);
    const linkValue = link?.success ? link.data : undefined;
    stored.set(key, { entry, ...(linkValue ? { link: linkValue } : {}) });
    const receipt = receivedAtMs === undefined ? {} : { receivedAtMs };
    const handoffId = isHandoff ? String(entry.id) : String(entry.handoffId);
    if (isHandoff) handoffs.set(handoffId, { ...(parsedEntry.data as Handoff), ...receipt, events: [] });
    else handoffs.get(handoffId)?.events.push({ ...(parsedEntry.data as HandoffEvent), ...receipt });
    const month = handoffMonth(handoffs.get(handoffId)?.startedAtMs ?? 0);
    const chainName = `${month} ${isHandoff ? 'handoffs' : 'events'}`;
    chains.set(chainName, [
      ...(chains.get(chainName) ?? []),
      { key, entry, ...receipt, ...(linkValue ? { link: linkValue } : {}) },
    ]);
  }
  // Every other column is read from the entries: written again, the file must be the same.
  const written = handoffLogCsv([...handoffs.values()] as HandoffWithEvents[], stored).split('\r\n');
  const given = text.split(/\r?\n/);
  const edited = given.findIndex((line, index) => line !== (written[index] ?? ''));
  if (edited >= 0 && problems.length === 0)
    problems.push(
      `line ${edited + 1} does not match its entry: a column was edited, or lines added or removed`,
    );
  let isBroken = problems.length > 0;
  for (const [name, entries] of [...chains].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const verdict = await verifyChain(entries, sha256Hex);
    print(
      `${name}: ${verdict.isVerified ? 'verified' : 'BROKEN'} (${verdict.linked} linked${
        verdict.unlinked > 0 ? `, ${verdict.unlinked} not chained` : ''
      })`,
    );
    for (const found of verdict.breaks) print(`  ${found.message}`);
    if (!verdict.isVerified) isBroken = true;
  }
  for (const problem of problems) print(problem);
  return isBroken ? 1 : 0;
}

function describe(room: string, verdict: HandoffLogVerdict): string[] {
  const counts = logEntryMaps
    .map((map) => {
      const chain = verdict.chains[map];
      return `${map} ${chain.linked} linked${chain.unlinked > 0 ? `, ${chain.unlinked} not chained` : ''}`;
    })
    .join('; ');
  const sinceText =
    verdict.chainedSinceMs === null
      ? 'no chain yet'
      : `chained since ${new Date(verdict.chainedSinceMs).toISOString()}`;
  const lines = [`${room}: ${verdict.isVerified ? 'verified' : 'BROKEN'} (${counts}; ${sinceText})`];
  for (const found of verdict.breaks) lines.push(`  ${found.message}`);
  return lines;
}
