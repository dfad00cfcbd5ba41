import type { Agreement, HandoffWithEvents } from '@pactline/shared';
import { type DerivedEventsPlan, derivedEventsDue } from './derived-events-due.js';

/**
 * `derivedEventsDue` for a watcher that plans again after every change and every due instant,
 * evaluating only the handoffs that can have changed: a handoff's plan is kept while it is the
 * same object (`handoffLogReader` keeps the object of a handoff whose entry and events are
 * unchanged), nothing was due for it, its next change is still ahead, and the agreements are
 * unchanged. Evaluating a clock walks its business calendar, which is what costs; a workspace of
 * 1,000 open clocks then re-evaluates the one a rung fell due for, not all of them.
 */
type Kept = { handoff: HandoffWithEvents; nextAtMs: number | null; openClocks: number };

export type ClockPlanner = {
  plan(
    agreements: readonly Agreement[],
    agreementsRevision: number,
    handoffs: readonly HandoffWithEvents[],
    nowMs: number,
  ): DerivedEventsPlan;
};

export function createClockPlanner(): ClockPlanner {
  const kept = new Map<string, Kept>();
  let keptRevision = -1;
  return {
    plan(agreements, agreementsRevision, handoffs, nowMs) {
      if (agreementsRevision !== keptRevision) {
        kept.clear();
        keptRevision = agreementsRevision;
      }
      const events: DerivedEventsPlan['events'] = [];
      let nextAtMs: number | null = null;
      let openClocks = 0;
      const seen = new Set<string>();
      for (const handoff of handoffs) {
        seen.add(handoff.id);
        let entry = kept.get(handoff.id);
        const isFresh =
          entry !== undefined &&
          entry.handoff === handoff &&
          (entry.nextAtMs === null || entry.nextAtMs > nowMs);
        if (!isFresh) {
          const due = derivedEventsDue(agreements, [handoff], nowMs);
          entry = { handoff, nextAtMs: due.nextAtMs, openClocks: due.openClocks };
          // Due events are written, which gives the handoff a new object; until then (another relay holds
          // the lease, or the write failed) the handoff is evaluated again on every plan.
          if (due.events.length === 0) kept.set(handoff.id, entry);
          else {
            kept.delete(handoff.id);
            events.push(...due.events);
          }
        }
        if (entry === undefined) continue;
        openClocks += entry.openClocks;
        if (entry.nextAtMs !== null && (nextAtMs === null || entry.nextAtMs < nextAtMs))
          nextAtMs = entry.nextAtMs;
      }
      for (const id of kept.keys()) if (!seen.has(id)) kept.delete(id);
      events.sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { events, nextAtMs, openClocks };
    },
  };
}
