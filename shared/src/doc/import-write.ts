import type * as Y from 'yjs';
import type { Activity } from '../handoff/activity.js';
import type { Handoff, HandoffEvent } from '../handoff/handoff.js';
import { stableHash } from '../handoff/stable-hash.js';
import { maxWithdrawnPerEntry } from '../handoff/withdrawal.js';
import type { ImportPlan } from '../import/import-plan.js';
import { roomName } from '../relay/rooms.js';
import {
  appendActivity,
  appendHandoff,
  appendHandoffEvent,
  appendWithdrawal,
  handoffMonth,
  withdrawnKeysOf,
} from './handoff-log.js';
import { handoffLogLayout, type LogEntryMap, receiptKey } from './handoff-log-layout.js';

/**
 * Writing an import's plan to the handoff log, and undoing it.
 *
 * Entries go to the log document they belong in (a handoff and its events to the month the handoff
 * began, an activity to its own month), in transactions of `chunkSize` entries, so each update the
 * relay checks and stores stays small. An entry whose id the log already holds is left as it is:
 * ids derive from what the rows say, so importing a file again writes nothing. An undo withdraws
 * every entry of an import run at once (`withdrawal.ts`); importing the same rows after an undo
 * writes them again under ids of a new generation (`<id>.r2`), since the withdrawn ones stay.
 */

export interface ImportBatch {
  readonly room: string;
  readonly month: string;
  readonly handoffs: readonly Handoff[];
  readonly events: readonly HandoffEvent[];
  readonly activities: readonly Activity[];
}

/** The plan's entries by the log document each belongs in, oldest month first. */
export function importBatches(workspace: string, plan: ImportPlan): ImportBatch[] {
  const batches = new Map<string, { handoffs: Handoff[]; events: HandoffEvent[]; activities: Activity[] }>();
  const batchOf = (month: string) => {
    let batch = batches.get(month);
    if (batch === undefined) {
      batch = { handoffs: [], events: [], activities: [] };
      batches.set(month, batch);
    }
    return batch;
  };
  const monthOfHandoff = new Map<string, string>();
  for (const handoff of plan.handoffs) {
    const month = handoffMonth(handoff.startedAtMs);
    monthOfHandoff.set(handoff.id, month);
    batchOf(month).handoffs.push(handoff);
  }
  for (const event of plan.events) {
    const month = monthOfHandoff.get(event.handoffId);
    if (month !== undefined) batchOf(month).events.push(event);
  }
  for (const activity of plan.activities) batchOf(handoffMonth(activity.atMs)).activities.push(activity);
  return [...batches]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, batch]) => ({ month, room: roomName({ kind: 'handoffs', workspace, month }), ...batch }));
}

export interface WriteCounts {
  handoffs: number;
  events: number;
  activities: number;
  /** Entries the log held already (an earlier import of the same rows). */
  alreadyThere: number;
}

export function emptyWriteCounts(): WriteCounts {
  return { handoffs: 0, events: 0, activities: 0, alreadyThere: 0 };
}

export const defaultImportChunk = 1000;

/** Appends a batch to its month's document; returns what was written. Throws on a refused write. */
export function writeImportBatch(
  doc: Y.Doc,
  batch: ImportBatch,
  chunkSize = defaultImportChunk,
): WriteCounts {
  const layout = handoffLogLayout(doc);
  const withdrawn = withdrawnKeysOf(layout);
  const counts = emptyWriteCounts();
  const liveId = (map: LogEntryMap, id: string): { id: string; isThere: boolean } => {
    const entries = layout[map];
    let candidate = id;
    for (
      let generation = 2;
      entries.has(candidate) && withdrawn.has(receiptKey(map, candidate));
      generation++
    ) {
      candidate = `${id}.r${generation}`;
    }
    return { id: candidate, isThere: entries.has(candidate) };
  };
  const writes: (() => void)[] = [];
  const handoffIds = new Map<string, string>();
  const check = (result: { ok: true } | { ok: false; message: string }, what: string) => {
    if (!result.ok) throw new Error(`${what}: ${result.message}`);
  };
  for (const handoff of batch.handoffs) {
    const { id, isThere } = liveId('handoffs', handoff.id);
    handoffIds.set(handoff.id, id);
    if (isThere) counts.alreadyThere++;
    else
      writes.push(() => {
        check(appendHandoff(doc, { ...handoff, id }), `handoff ${id}`);
        counts.handoffs++;
      });
  }
  for (const event of batch.events) {
    const handoffId = handoffIds.get(event.handoffId) ?? event.handoffId;
    // An event of a handoff written again after an undo is of that generation too (`.r2`).
    const generation = handoffId.slice(event.handoffId.length);
    const { id, isThere } = liveId('events', `${event.id}${generation}`);
    if (isThere) counts.alreadyThere++;
    else
      writes.push(() => {
        check(appendHandoffEvent(doc, { ...event, id, handoffId }), `event ${id}`);
        counts.events++;
      });
  }
  for (const activity of batch.activities) {
    const handoffId =
      activity.handoffId === undefined
        ? undefined
        : (handoffIds.get(activity.handoffId) ?? activity.handoffId);
    const { id, isThere } = liveId('activities', activity.id);
    if (isThere) counts.alreadyThere++;
    else
      writes.push(() => {
        check(
          appendActivity(doc, { ...activity, id, ...(handoffId === undefined ? {} : { handoffId }) }),
          `activity ${id}`,
        );
        counts.activities++;
      });
  }
  for (let start = 0; start < writes.length; start += chunkSize) {
    doc.transact(() => {
      for (const write of writes.slice(start, start + chunkSize)) write();
    });
  }
  return counts;
}

/** Where an entry says it was imported from, read off a stored plain value. */
function importIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('imported' in value)) return undefined;
  const imported = (value as { imported?: unknown }).imported;
  if (typeof imported !== 'object' || imported === null) return undefined;
  const importId = (imported as { importId?: unknown }).importId;
  return typeof importId === 'string' ? importId : undefined;
}

/** The import runs a log document holds entries of, with how many live entries each has. */
export function importsIn(doc: Y.Doc): Map<string, number> {
  const layout = handoffLogLayout(doc);
  const withdrawn = withdrawnKeysOf(layout);
  const runs = new Map<string, number>();
  for (const map of ['handoffs', 'events', 'activities'] as const) {
    for (const [key, value] of layout[map].entries()) {
      const importId = importIdOf(value);
      if (importId === undefined || withdrawn.has(receiptKey(map, key))) continue;
      runs.set(importId, (runs.get(importId) ?? 0) + 1);
    }
  }
  return runs;
}

/**
 * Withdraws every live entry of import run `importId` in a log document, as new withdrawal entries
 * of at most `maxWithdrawnPerEntry` each; returns how many entries it withdrew (0 when none are
 * left, so undoing twice writes nothing).
 */
export function undoImport(doc: Y.Doc, importId: string, by: { userId: string; atMs: number }): number {
  const layout = handoffLogLayout(doc);
  const withdrawn = withdrawnKeysOf(layout);
  const keys: string[] = [];
  for (const map of ['handoffs', 'events', 'activities'] as const) {
    for (const [key, value] of layout[map].entries()) {
      const entryKey = receiptKey(map, key);
      if (importIdOf(value) === importId && !withdrawn.has(entryKey)) keys.push(entryKey);
    }
  }
  keys.sort();
  doc.transact(() => {
    for (let start = 0; start < keys.length; start += maxWithdrawnPerEntry) {
      const entries = keys.slice(start, start + maxWithdrawnPerEntry);
      const result = appendWithdrawal(doc, {
        id: `wd-${stableHash(`${importId}|${entries.join(',')}`)}`,
        entries,
        importId,
        atMs: by.atMs,
        byUserId: by.userId,
      });
      if (!result.ok) throw new Error(`withdrawal: ${result.message}`);
    }
  });
  return keys.length;
}
