import type * as Y from 'yjs';
import { type Activity, activitySchema, compareActivities } from '../handoff/activity.js';
import {
  compareEvents,
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  handoffEventSchema,
  handoffSchema,
} from '../handoff/handoff.js';
import { type Withdrawal, withdrawalSchema } from '../handoff/withdrawal.js';
import { roomName } from '../relay/rooms.js';
import { type DocProblem, invalidInput, type WriteResult, writeFailure } from './doc-result.js';
import {
  type HandoffLogLayout,
  handoffLogLayout,
  type LogEntryMap,
  logEntryBytes,
  logEntryMaps,
  maxLogEntryBytes,
  receiptKey,
  splitReceiptKey,
} from './handoff-log-layout.js';

export { type LogEntryMap, logEntryBytes, logEntryMaps, maxLogEntryBytes, receiptKey, splitReceiptKey };

/** An entry as a client writes it: the time of receipt is the relay's to record, never the entry's. */
function withoutReceipt<T extends { receivedAtMs?: number }>(entry: T): T {
  if (entry.receivedAtMs === undefined) return entry;
  const { receivedAtMs: _claimed, ...rest } = entry;
  return rest as T;
}

/** An entry as read: with the relay's time of receipt when it has one, whatever the entry claims. */
function withReceipt<T extends { id: string; receivedAtMs?: number }>(
  layout: HandoffLogLayout,
  map: LogEntryMap,
  entry: T,
): T {
  const stamp = layout.received.get(receiptKey(map, entry.id));
  const plain = withoutReceipt(entry);
  return typeof stamp === 'number' && Number.isFinite(stamp) && stamp > 0
    ? { ...plain, receivedAtMs: stamp }
    : plain;
}

/** A write of an entry over the size limit: refused by the model as the relay would refuse it. */
function tooBig(value: unknown, what: string): WriteResult | null {
  const bytes = logEntryBytes(value);
  if (bytes <= maxLogEntryBytes) return null;
  return writeFailure(
    'invalid_input',
    `${what} is ${bytes} bytes; the log takes at most ${maxLogEntryBytes}`,
  );
}

import { parsePlain } from './read-entries.js';
import { type Migration, schemaAccess, upgradeInTransaction } from './schema-version.js';

/**
 * The handoff log: append-only. A handoff lives in the document of the UTC month it began in, and
 * its events live beside it whatever month they happen in, so a handoff and its events are always
 * read together. Activities live in the document of the month they happened in. Nothing is
 * edited in place; an entry id that already exists is refused.
 */

export const handoffLogMigrations: readonly Migration[] = [{ toVersion: 1, up: () => {} }];

/** `yyyy-mm` of the UTC month of `startedAtMs`. */
export function handoffMonth(startedAtMs: number): string {
  return new Date(startedAtMs).toISOString().slice(0, 7);
}

/** The room of the log document a handoff that began at `startedAtMs` belongs to. */
export function handoffsRoomFor(workspace: string, startedAtMs: number): string {
  return roomName({ kind: 'handoffs', workspace, month: handoffMonth(startedAtMs) });
}

function writeLog(doc: Y.Doc, body: (layout: HandoffLogLayout) => WriteResult): WriteResult {
  let result: WriteResult = { ok: true };
  doc.transact(() => {
    const layout = handoffLogLayout(doc);
    const failure = upgradeInTransaction(doc, layout.schema, handoffLogMigrations);
    result = failure ?? body(layout);
  });
  return result;
}

/** Brings the log to this client's schema; appends do it too. Idempotent. */
export function upgradeHandoffLog(doc: Y.Doc): WriteResult {
  return writeLog(doc, () => ({ ok: true }));
}

export function appendHandoff(doc: Y.Doc, handoff: Handoff): WriteResult {
  const parsed = handoffSchema.safeParse(handoff);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the handoff');
  const oversized = tooBig(parsed.data, 'the handoff');
  if (oversized) return oversized;
  return writeLog(doc, (layout) => {
    if (layout.handoffs.has(parsed.data.id)) {
      return writeFailure('duplicate', `handoff "${parsed.data.id}" is already in the log`);
    }
    layout.handoffs.set(parsed.data.id, withoutReceipt(parsed.data));
    return { ok: true };
  });
}

export function appendHandoffEvent(doc: Y.Doc, event: HandoffEvent): WriteResult {
  const parsed = handoffEventSchema.safeParse(event);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the event');
  const oversized = tooBig(parsed.data, 'the event');
  if (oversized) return oversized;
  return writeLog(doc, (layout) => {
    if (!layout.handoffs.has(parsed.data.handoffId)) {
      return writeFailure(
        'unknown_handoff',
        `handoff "${parsed.data.handoffId}" is not in this log; events go to the log of the month the handoff began`,
      );
    }
    if (layout.events.has(parsed.data.id)) {
      return writeFailure('duplicate', `event "${parsed.data.id}" is already in the log`);
    }
    layout.events.set(parsed.data.id, withoutReceipt(parsed.data));
    return { ok: true };
  });
}

/** The room of the log document an activity at `atMs` belongs to. */
export const activitiesRoomFor = handoffsRoomFor;

export function appendActivity(doc: Y.Doc, activity: Activity): WriteResult {
  const parsed = activitySchema.safeParse(activity);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the activity');
  const oversized = tooBig(parsed.data, 'the activity');
  if (oversized) return oversized;
  return writeLog(doc, (layout) => {
    if (layout.activities.has(parsed.data.id)) {
      return writeFailure('duplicate', `activity "${parsed.data.id}" is already in the log`);
    }
    layout.activities.set(parsed.data.id, withoutReceipt(parsed.data));
    return { ok: true };
  });
}

/** An admin's withdrawal of entries (an import undone): refused when invalid or naming none. */
export function appendWithdrawal(doc: Y.Doc, withdrawal: Withdrawal): WriteResult {
  const parsed = withdrawalSchema.safeParse(withdrawal);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the withdrawal');
  const oversized = tooBig(parsed.data, 'the withdrawal');
  if (oversized) return oversized;
  return writeLog(doc, (layout) => {
    if (layout.withdrawals.has(parsed.data.id)) {
      return writeFailure('duplicate', `withdrawal "${parsed.data.id}" is already in the log`);
    }
    layout.withdrawals.set(parsed.data.id, withoutReceipt(parsed.data));
    return { ok: true };
  });
}

/** The entries valid withdrawals name (`events/e1`): the log reads as if they were not there. */
export function withdrawnKeysOf(layout: HandoffLogLayout): Set<string> {
  return new Set([...layout.withdrawals.values()].flatMap(withdrawnEntriesOf));
}

/** The entries a stored withdrawal names; none when it is not a valid one. */
function withdrawnEntriesOf(value: unknown): readonly string[] {
  const parsed = withdrawalSchema.safeParse(value);
  return parsed.success ? parsed.data.entries : [];
}

function readActivityEntry(
  layout: HandoffLogLayout,
  key: string,
  problems: DocProblem[],
): Activity | undefined {
  const activity = parsePlain(layout.activities.get(key), `activities/${key}`, activitySchema, problems);
  if (activity === undefined) return undefined;
  if (activity.id === key) return withReceipt(layout, 'activities', activity);
  problems.push({ path: `activities/${key}/id`, message: `id "${activity.id}" differs from its key` });
  return undefined;
}

function readHandoffEntry(
  layout: HandoffLogLayout,
  key: string,
  problems: DocProblem[],
): Handoff | undefined {
  const handoff = parsePlain(layout.handoffs.get(key), `handoffs/${key}`, handoffSchema, problems);
  if (handoff === undefined) return undefined;
  if (handoff.id === key) return withReceipt(layout, 'handoffs', handoff);
  problems.push({ path: `handoffs/${key}/id`, message: `id "${handoff.id}" differs from its key` });
  return undefined;
}

function readEventEntry(
  layout: HandoffLogLayout,
  key: string,
  problems: DocProblem[],
): HandoffEvent | undefined {
  const event = parsePlain(layout.events.get(key), `events/${key}`, handoffEventSchema, problems);
  if (event === undefined) return undefined;
  if (event.id === key) return withReceipt(layout, 'events', event);
  problems.push({ path: `events/${key}/id`, message: `id "${event.id}" differs from its key` });
  return undefined;
}

export type HandoffLogRead = {
  /** Handoffs by start time then id, each with its events by time then id. */
  handoffs: HandoffWithEvents[];
  /** Activities by time then id. */
  activities: Activity[];
  problems: DocProblem[];
  schemaVersion: number;
  isReadOnly: boolean;
  readOnlyReason?: string;
};

/** One entry as read: its value when valid, and what was wrong with it. */
type Parsed<T> = { value: T | undefined; problems: DocProblem[] };

const parsedWith =
  <T>(
    layout: HandoffLogLayout,
    map: LogEntryMap,
    read: (layout: HandoffLogLayout, key: string, problems: DocProblem[]) => T | undefined,
    withdrawn: ReadonlySet<string>,
  ) =>
  (key: string): Parsed<T> => {
    if (withdrawn.has(receiptKey(map, key))) return { value: undefined, problems: [] };
    const problems: DocProblem[] = [];
    return { value: read(layout, key, problems), problems };
  };

/** The log from its entries, each read by `handoffOf` and `eventOf` (fresh, or from a cache). */
function assembleLog(
  layout: HandoffLogLayout,
  handoffOf: (key: string) => Parsed<Handoff>,
  eventOf: (key: string) => Parsed<HandoffEvent>,
  activityOf: (key: string) => Parsed<Activity>,
  withdrawn: ReadonlySet<string>,
): HandoffLogRead {
  const problems: DocProblem[] = [];
  const eventsByHandoff = new Map<string, HandoffEvent[]>();
  const handoffs: Handoff[] = [];
  for (const key of layout.handoffs.keys()) {
    const { value: handoff, problems: found } = handoffOf(key);
    problems.push(...found);
    if (handoff !== undefined) {
      handoffs.push(handoff);
      eventsByHandoff.set(handoff.id, []);
    }
  }
  for (const key of layout.events.keys()) {
    const { value: event, problems: found } = eventOf(key);
    problems.push(...found);
    if (event === undefined) continue;
    const events = eventsByHandoff.get(event.handoffId);
    if (events === undefined) {
      if (withdrawn.has(receiptKey('handoffs', event.handoffId))) continue;
      problems.push({
        path: `events/${key}/handoffId`,
        message: `handoff "${event.handoffId}" is not in this log`,
      });
    } else {
      events.push(event);
    }
  }
  handoffs.sort((a, b) => a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const activities = readActivities(layout, activityOf, problems);
  const access = schemaAccess(layout.schema, handoffLogMigrations);
  const base = {
    handoffs: handoffs.map((handoff) => ({
      ...handoff,
      events: (eventsByHandoff.get(handoff.id) ?? []).sort(compareEvents),
    })),
    activities,
    problems,
    schemaVersion: access.version,
  };
  return access.isReadOnly
    ? { ...base, isReadOnly: true, readOnlyReason: access.readOnlyReason }
    : { ...base, isReadOnly: false };
}

/** Every valid activity, by time then id; the invalid ones' problems go to `problems`. */
function readActivities(
  layout: HandoffLogLayout,
  activityOf: (key: string) => Parsed<Activity>,
  problems: DocProblem[],
): Activity[] {
  const activities: Activity[] = [];
  for (const key of layout.activities.keys()) {
    const { value, problems: found } = activityOf(key);
    problems.push(...found);
    if (value !== undefined) activities.push(value);
  }
  return activities.sort(compareActivities);
}

export function readHandoffLog(doc: Y.Doc): HandoffLogRead {
  const layout = handoffLogLayout(doc);
  const withdrawn = withdrawnKeysOf(layout);
  return assembleLog(
    layout,
    parsedWith(layout, 'handoffs', readHandoffEntry, withdrawn),
    parsedWith(layout, 'events', readEventEntry, withdrawn),
    parsedWith(layout, 'activities', readActivityEntry, withdrawn),
    withdrawn,
  );
}

export type HandoffLogReader = {
  /**
   * The log as `readHandoffLog` reads it; the same object until the document changes, and each
   * handoff the same object until its entry or one of its events changes. Do not mutate.
   */
  read(): HandoffLogRead;
  destroy(): void;
};

const byStart = (a: Handoff, b: Handoff) =>
  a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * `readHandoffLog` for a reader that reads after every change (the extension's worker, the relay's
 * watcher): each entry is validated once and again only when its key changes, and only the handoffs
 * a change touched are put together again; the others keep their objects, so a consumer can tell
 * an unchanged handoff by identity. Validation and assembly are what cost: a month with 100,000
 * entries (a hostile editor's junk included) is read in full once, not on every update, and a rung
 * written to one handoff of a thousand rebuilds that one.
 */
export function handoffLogReader(doc: Y.Doc): HandoffLogReader {
  const layout = handoffLogLayout(doc);
  const handoffCache = new Map<string, Parsed<Handoff>>();
  const eventCache = new Map<string, Parsed<HandoffEvent>>();
  /** Valid events' keys by the handoff they name (whether or not that handoff is in the log). */
  const eventKeysOf = new Map<string, Set<string>>();
  /** The valid handoffs, with their events, as last read. */
  const built = new Map<string, HandoffWithEvents>();
  let ordered: HandoffWithEvents[] | null = null;
  const withdrawn = withdrawnKeysOf(layout);
  const readHandoff = parsedWith(layout, 'handoffs', readHandoffEntry, withdrawn);
  const readEvent = parsedWith(layout, 'events', readEventEntry, withdrawn);
  const changedHandoffKeys = new Set<string>();
  const changedEventKeys = new Set<string>();
  const activityCache = new Map<string, Parsed<Activity>>();
  const readActivity = parsedWith(layout, 'activities', readActivityEntry, withdrawn);
  /** The activities as last read (the same array until an activity changes), and their problems. */
  let activities: Activity[] | null = null;
  let activityProblems: DocProblem[] = [];
  let assembled: HandoffLogRead | null = null;
  const listener = (transaction: Y.Transaction) => {
    if (transaction.changed.size === 0) return;
    for (const key of changedKeysOf(transaction, layout.handoffs) ?? [])
      if (key !== null) changedHandoffKeys.add(key);
    for (const key of changedKeysOf(transaction, layout.events) ?? [])
      if (key !== null) changedEventKeys.add(key);
    for (const key of changedKeysOf(transaction, layout.activities) ?? []) {
      if (key !== null) activityCache.delete(key);
      activities = null;
    }
    // A time of receipt the relay stamped changes its entry as read; a withdrawal takes it out.
    const withdrawnNow: string[] = [];
    for (const key of changedKeysOf(transaction, layout.withdrawals) ?? []) {
      for (const entry of withdrawnEntriesOf(key === null ? undefined : layout.withdrawals.get(key))) {
        if (withdrawn.has(entry)) continue;
        withdrawn.add(entry);
        withdrawnNow.push(entry);
      }
    }
    for (const key of [...(changedKeysOf(transaction, layout.received) ?? []), ...withdrawnNow]) {
      const [map, id] = splitReceiptKey(key);
      if (map === 'handoffs') changedHandoffKeys.add(id);
      else if (map === 'events') changedEventKeys.add(id);
      else if (map === 'activities') {
        activityCache.delete(id);
        activities = null;
      }
    }
    assembled = null;
  };
  doc.on('afterTransaction', listener);

  const parsedHandoff = (key: string) => {
    let parsed = handoffCache.get(key);
    if (parsed === undefined) {
      parsed = readHandoff(key);
      handoffCache.set(key, parsed);
    }
    return parsed;
  };
  const parsedEvent = (key: string) => {
    let parsed = eventCache.get(key);
    if (parsed === undefined) {
      parsed = readEvent(key);
      eventCache.set(key, parsed);
      const event = parsed.value;
      if (event !== undefined) {
        const keys = eventKeysOf.get(event.handoffId) ?? new Set<string>();
        keys.add(key);
        eventKeysOf.set(event.handoffId, keys);
      }
    }
    return parsed;
  };
  const forgetEvent = (key: string, touched: Set<string>) => {
    const event = eventCache.get(key)?.value;
    eventCache.delete(key);
    if (event === undefined) return;
    eventKeysOf.get(event.handoffId)?.delete(key);
    touched.add(event.handoffId);
  };
  const rebuild = (id: string) => {
    const handoff = layout.handoffs.has(id) ? parsedHandoff(id).value : undefined;
    if (handoff === undefined) {
      built.delete(id);
      return;
    }
    const events: HandoffEvent[] = [];
    for (const key of eventKeysOf.get(id) ?? []) {
      const event = eventCache.get(key)?.value;
      if (event !== undefined) events.push(event);
    }
    built.set(id, { ...handoff, events: events.sort(compareEvents) });
  };

  function assemble(): HandoffLogRead {
    const touched = new Set<string>();
    for (const key of changedEventKeys) forgetEvent(key, touched);
    for (const key of changedHandoffKeys) {
      handoffCache.delete(key);
      touched.add(key);
    }
    const previous = changedHandoffKeys.size > 0 ? null : ordered;
    changedEventKeys.clear();
    changedHandoffKeys.clear();
    // Every entry is read (from the cache unless it changed), in the document's key order, for
    // the problems; events new to the cache are indexed under their handoff as they are read.
    const problems: DocProblem[] = [];
    for (const key of layout.handoffs.keys()) problems.push(...parsedHandoff(key).problems);
    for (const key of layout.events.keys()) {
      const isNew = !eventCache.has(key);
      const { value: event, problems: found } = parsedEvent(key);
      problems.push(...found);
      if (event === undefined) continue;
      if (isNew) touched.add(event.handoffId);
      const isHandoffRead =
        layout.handoffs.has(event.handoffId) && parsedHandoff(event.handoffId).value !== undefined;
      if (!isHandoffRead && !withdrawn.has(receiptKey('handoffs', event.handoffId)))
        problems.push({
          path: `events/${key}/handoffId`,
          message: `handoff "${event.handoffId}" is not in this log`,
        });
    }
    if (ordered === null) for (const key of layout.handoffs.keys()) touched.add(key);
    for (const id of touched) rebuild(id);
    // Start times change only with their handoff's entry: without one, the order stands.
    ordered =
      previous === null
        ? [...built.values()].sort(byStart)
        : previous.map((handoff) => built.get(handoff.id) ?? handoff);
    if (activities === null) {
      activityProblems = [];
      activities = readActivities(
        layout,
        (key) => {
          let parsed = activityCache.get(key);
          if (parsed === undefined) {
            parsed = readActivity(key);
            activityCache.set(key, parsed);
          }
          return parsed;
        },
        activityProblems,
      );
    }
    problems.push(...activityProblems);
    const access = schemaAccess(layout.schema, handoffLogMigrations);
    const base = { handoffs: ordered, activities, problems, schemaVersion: access.version };
    return access.isReadOnly
      ? { ...base, isReadOnly: true, readOnlyReason: access.readOnlyReason }
      : { ...base, isReadOnly: false };
  }

  return {
    read() {
      assembled ??= assemble();
      return assembled;
    },
    destroy() {
      doc.off('afterTransaction', listener);
      handoffCache.clear();
      eventCache.clear();
      eventKeysOf.clear();
      activityCache.clear();
      activities = null;
      built.clear();
      ordered = null;
      assembled = null;
    },
  };
}

function changedKeysOf(transaction: Y.Transaction, map: Y.Map<unknown>): Set<string | null> | undefined {
  return transaction.changed.get(map as unknown as Parameters<typeof transaction.changed.get>[0]);
}

export type HandoffLogChange = {
  /** Handoffs added by this transaction (local or remote), validated. */
  handoffs: Handoff[];
  /** Events added by this transaction, validated, by time then id. */
  events: HandoffEvent[];
  problems: DocProblem[];
  isRemote: boolean;
};

/**
 * Calls `onChange` once per transaction that added handoffs or events, with just those entries,
 * for incremental consumers (a local index, notifications). Returns the unsubscribe function.
 * Invalid entries are reported in `problems` and left out.
 */
export function observeHandoffLog(doc: Y.Doc, onChange: (change: HandoffLogChange) => void): () => void {
  const layout = handoffLogLayout(doc);
  const listener = (transaction: Y.Transaction) => {
    const handoffKeys = changedKeysOf(transaction, layout.handoffs);
    const eventKeys = changedKeysOf(transaction, layout.events);
    if (handoffKeys === undefined && eventKeys === undefined) return;
    const problems: DocProblem[] = [];
    const handoffs: Handoff[] = [];
    const events: HandoffEvent[] = [];
    for (const key of handoffKeys ?? []) {
      if (key === null || !layout.handoffs.has(key)) continue;
      const handoff = readHandoffEntry(layout, key, problems);
      if (handoff !== undefined) handoffs.push(handoff);
    }
    for (const key of eventKeys ?? []) {
      if (key === null || !layout.events.has(key)) continue;
      const event = readEventEntry(layout, key, problems);
      if (event !== undefined) events.push(event);
    }
    if (handoffs.length === 0 && events.length === 0 && problems.length === 0) return;
    onChange({ handoffs, events: events.sort(compareEvents), problems, isRemote: !transaction.local });
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
}

/**
 * The `yyyy-mm` months of the log documents that hold handoffs begun from `fromMs` to `toMs`: UTC
 * months from `toMs`'s back to `fromMs`'s, newest first; none when `fromMs` is in a later month.
 */
export function monthsBetween(fromMs: number, toMs: number): string[] {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const months: string[] = [];
  // Months counted from year 0, so stepping back across a year is a subtraction.
  const first = from.getUTCFullYear() * 12 + from.getUTCMonth();
  for (let index = to.getUTCFullYear() * 12 + to.getUTCMonth(); index >= first; index--) {
    months.push(
      `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`,
    );
  }
  return months;
}

/** The `count` most recent months (UTC `yyyy-mm`, newest first), the one holding `nowMs` first. */
export function recentMonths(nowMs: number, count: number): string[] {
  const now = new Date(nowMs);
  return monthsBetween(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1), 1), nowMs);
}
