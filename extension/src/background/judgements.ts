import { type JudgedHandoffEvent, judgementDue } from '@pactline/shared';
import { ownClocks } from './own-clocks.js';
import type { EvaluatedClock } from './record-clocks.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

/**
 * The `judged` events that record a clock's outcome with the rule and calendar versions it was
 * judged under. Every device of every editor who sees the clock may write them, and so may the
 * relay's watcher; each has an id and content that any writer derives alike (`judgedEventId`,
 * `judgeClock`), so a second write of it is refused as a duplicate (which callers treat as done).
 * A breach judged while a response was still unsynced and the response's own judgement then have
 * different ids, so both are kept and the shared core picks the one that applies.
 */

/** The judgement each clock needs now (met or breached, not yet recorded) at `nowMs`. */
export function judgementsFor(
  clocks: readonly Pick<EvaluatedClock, 'handoff' | 'rule' | 'calendar'>[],
  nowMs: number,
): JudgedHandoffEvent[] {
  return clocks.flatMap(({ handoff, rule, calendar }) => {
    const judged = judgementDue(rule, handoff, calendar, nowMs);
    return judged ? [judged] : [];
  });
}

/**
 * What the worker records on its own, on every wake-up and change: the outcomes of the viewer's
 * clocks not yet judged, above all breaches nobody acted on. A viewer's token cannot write.
 */
export function judgementsDue(
  snapshot: WorkspaceSnapshot,
  viewer: Viewer,
  nowMs: number,
): JudgedHandoffEvent[] {
  if (viewer.role === 'viewer') return [];
  return judgementsFor(ownClocks(snapshot, viewer, nowMs), nowMs);
}
