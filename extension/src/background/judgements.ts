import { evaluateClock, type JudgedHandoffEvent, judgeClock } from '@pactline/shared';
import { ownClocks } from './own-clocks.js';
import type { EvaluatedClock } from './record-clocks.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

/**
 * The `judged` events that record a clock's outcome with the rule and calendar versions it was
 * judged under. Every device of every editor who sees the clock may write them, so each has an id
 * that any device judging the same thing derives alike, and a second write of it is refused as a
 * duplicate (which callers treat as done):
 * - a clock stopped by a response is judged once per stop event: `<handoff>:judged:<rule>:<stop id>`;
 * - a breach before any response is judged once per leg of the clock (a resetting reassignment
 *   starts a new leg): `<handoff>:judged:<rule>:<leg start>:breached`.
 * A breach judged while a response was still unsynced and the response's own judgement then have
 * different ids, so both are kept and the shared core picks the one that applies.
 */

const maxIdLength = 128;

/** Two 32-bit FNV-1a passes with different offsets: a stable short id when the readable one is too long. */
function digest(text: string): string {
  const pass = (offset: number) => {
    let hash = offset;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return pass(0x811c9dc5) + pass(0x050c5d1f);
}

export function judgedEventId(handoffId: string, ruleId: string, occasion: string): string {
  const readable = `${handoffId}:judged:${ruleId}:${occasion}`;
  return readable.length <= maxIdLength ? readable : `judged:${digest(readable)}`;
}

/** The judgement each clock needs now (met or breached, not yet recorded), by `byUserId` at `nowMs`. */
export function judgementsFor(
  clocks: readonly Pick<EvaluatedClock, 'handoff' | 'rule' | 'calendar'>[],
  nowMs: number,
  byUserId: string,
): JudgedHandoffEvent[] {
  return clocks.flatMap(({ handoff, rule, calendar }) => {
    const clock = evaluateClock(rule, handoff, calendar, nowMs);
    if (clock.isJudged || (clock.state !== 'met' && clock.state !== 'breached')) return [];
    const occasion = clock.stopEvent ? clock.stopEvent.id : `${clock.legStartedAtMs}:breached`;
    const eventId = judgedEventId(handoff.id, rule.id, occasion);
    const judged = judgeClock(rule, handoff, calendar, nowMs, { eventId, byUserId });
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
  return judgementsFor(ownClocks(snapshot, viewer, nowMs), nowMs, viewer.userId);
}
