import type { ResponseRule } from '../agreement/rule.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import type { JudgedHandoffEvent } from './clock-timeline.js';
import type { VersionedCalendar } from './evaluate-clock.js';
import { evaluateClock } from './evaluate-clock.js';

/**
 * The `judged` event to append once a clock is met or breached, or null when there is nothing to
 * record (still running, paused, or already judged). It keeps the rule's and the calendar's current
 * versions; a calendar without a version is recorded as version 0. A breach is judged as soon as
 * it happens even if the clock is still open, so the record stands whatever the rule becomes; only
 * a stop from before that moment, synced late, sets it aside (see `clock-timeline.ts`).
 */
export function judgeClock(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
  recordedBy: { readonly eventId: string; readonly byUserId: string },
): JudgedHandoffEvent | null {
  const clock = evaluateClock(rule, handoff, calendar, nowMs);
  if (clock.isJudged || (clock.state !== 'met' && clock.state !== 'breached')) return null;
  return {
    id: recordedBy.eventId,
    handoffId: handoff.id,
    atMs: nowMs,
    byUserId: recordedBy.byUserId,
    type: 'judged',
    ruleId: rule.id,
    outcome: clock.state,
    ruleVersion: rule.version,
    calendarVersion: calendar.version ?? 0,
    elapsedMs: clock.elapsedMs,
    targetMs: clock.targetMs,
    ...(clock.stopEvent === null ? {} : { stoppedAtMs: clock.stopEvent.atMs }),
  };
}
