import { businessTimeBetween } from '../calendar/business-hours.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';

/**
 * The aging of untouched handoffs: those with no accepted, first-touch or rejected event by
 * `nowMs`, bucketed by how long they have waited, in business time when a calendar is given (so a
 * lead handed off on Friday evening has not aged over the weekend), else in wall-clock time.
 * Buckets are `[edge_i, edge_i+1)`, the last one open-ended.
 */

/** One business hour, half a day, one 8-hour day, one 5-day week. */
export const defaultAgingEdgesMs: readonly number[] = [
  3_600_000,
  4 * 3_600_000,
  8 * 3_600_000,
  40 * 3_600_000,
];

export interface AgingBucket {
  readonly fromMs: number;
  /** Exclusive upper bound; null for the last, open-ended bucket. */
  readonly toMs: number | null;
  readonly count: number;
  /** Oldest first. */
  readonly handoffIds: readonly string[];
}

export interface AgingOptions {
  readonly nowMs: number;
  readonly calendar?: BusinessCalendar;
  readonly edgesMs?: readonly number[];
}

const touchTypes = new Set(['accepted', 'first_touch', 'rejected']);

export function agingBuckets(handoffs: readonly HandoffWithEvents[], options: AgingOptions): AgingBucket[] {
  const edges = [...(options.edgesMs ?? defaultAgingEdgesMs)].sort((a, b) => a - b);
  const bounds = [0, ...edges.filter((edge) => edge > 0)];
  const aged: { id: string; ageMs: number }[][] = bounds.map(() => []);
  for (const handoff of handoffs) {
    if (handoff.startedAtMs > options.nowMs) continue;
    const isTouched = handoff.events.some(
      (event) => event.atMs <= options.nowMs && touchTypes.has(event.type),
    );
    if (isTouched) continue;
    const ageMs =
      options.calendar === undefined
        ? options.nowMs - handoff.startedAtMs
        : businessTimeBetween(handoff.startedAtMs, options.nowMs, options.calendar);
    let index = bounds.length - 1;
    while (index > 0 && ageMs < (bounds[index] as number)) index--;
    aged[index]?.push({ id: handoff.id, ageMs });
  }
  return bounds.map((fromMs, index) => {
    const members = (aged[index] ?? []).sort((a, b) => b.ageMs - a.ageMs || (a.id < b.id ? -1 : 1));
    return {
      fromMs,
      toMs: bounds[index + 1] ?? null,
      count: members.length,
      handoffIds: members.map((member) => member.id),
    };
  });
}
