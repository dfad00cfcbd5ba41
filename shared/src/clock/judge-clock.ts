import type { ResponseRule } from '../agreement/rule.js';
import { clockUserId } from '../handoff/clock-user-id.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { type ClockTimeline, clockTimeline, type JudgedHandoffEvent } from './clock-timeline.js';
import { elapsedInstantMs } from './elapsed-instant.js';
import { type ClockResult, clockFromTimeline, type VersionedCalendar } from './evaluate-clock.js';

/**
 * The `judged` event to append once a clock is met or breached, or null when there is nothing to
 * record (still running, paused, or already judged). It keeps the rule's and the calendar's current
 * versions; a calendar without a version is recorded as version 0. A breach is judged as soon as
 * it happens even if the clock is still open, so the record stands whatever the rule becomes; only
 * a stop from before that moment, synced late, sets it aside (see `clock-timeline.ts`).
 *
 * The content does not depend on when or by whom it is judged, so every writer (the relay's
 * watcher, each extension) produces the identical entry: `atMs` is the due instant (the stop
 * event's time, or the breach instant of an open clock, where elapsed equals the target) and
 * `byUserId` is `clockUserId`.
 */
export function judgeClock(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
  recordedBy: { readonly eventId: string },
): JudgedHandoffEvent | null {
  const timeline = clockTimeline(rule, handoff, nowMs);
  const clock = clockFromTimeline(rule, handoff, calendar, nowMs, timeline);
  return judgedEventFor(rule, handoff, calendar, nowMs, timeline, clock, recordedBy.eventId);
}

/** `judgeClock` on a timeline and clock the caller already computed. */
export function judgedEventFor(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
  timeline: ClockTimeline,
  clock: ClockResult,
  eventId: string,
): JudgedHandoffEvent | null {
  if (clock.isJudged || (clock.state !== 'met' && clock.state !== 'breached')) return null;
  const stop = clock.stopEvent;
  const breachAtMs = stop === null ? elapsedInstantMs(timeline, clock.targetMs, calendar) : null;
  return {
    id: eventId,
    handoffId: handoff.id,
    atMs: stop === null ? (breachAtMs ?? nowMs) : Math.max(stop.atMs, handoff.startedAtMs),
    byUserId: clockUserId,
    type: 'judged',
    ruleId: rule.id,
    outcome: clock.state,
    ruleVersion: rule.version,
    calendarVersion: calendar.version ?? 0,
    elapsedMs: stop === null ? clock.targetMs : clock.elapsedMs,
    targetMs: clock.targetMs,
    ...(stop === null ? {} : { stoppedAtMs: stop.atMs }),
  };
}
