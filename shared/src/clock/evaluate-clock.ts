import type { ResponseRule } from '../agreement/rule.js';
import { targetMinutesFor } from '../agreement/rule.js';
import {
  addBusinessTime,
  businessTimeBetween,
  isBusinessTime,
  NoBusinessTimeError,
} from '../calendar/business-hours.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import type { ClockTimeline, StopHandoffEvent } from './clock-timeline.js';
import { clockTimeline } from './clock-timeline.js';

/**
 * A response clock as of `nowMs`, from a rule, a handoff with its events and the rule's calendar.
 *
 * - Elapsed time is business time in the calendar, summed over the stretches the clock ran (see
 *   `clock-timeline.ts` for pauses, stops and reassignments). The target comes from the handoff's
 *   priority (`targetMinutesFor`). `remainingMs = targetMs - elapsedMs`, negative once overdue.
 * - The clock breaches at the instant elapsed business time reaches the target, so a stopped clock
 *   is met only if it stopped strictly before that instant; a response made over the weekend after
 *   a Friday 17:00 deadline is a breach.
 * - State of an open clock: `breached` once overdue, else `paused`, else `outside_hours` when
 *   `nowMs` is not business time, else `warning` once a warning threshold is passed, else
 *   `running`. `thresholdsPassed` is reported in every state.
 * - A recorded `judged` event for the rule wins over recomputation and keeps the rule and calendar
 *   versions it was judged under; later edits to either do not change it.
 */

export type ClockState = 'running' | 'paused' | 'outside_hours' | 'warning' | 'met' | 'breached';

export interface ClockResult {
  readonly ruleId: string;
  readonly handoffId: string;
  readonly state: ClockState;
  /** Business time counted so far, in the current leg. */
  readonly elapsedMs: number;
  /** `targetMs - elapsedMs`; negative by the overdue amount once breached. */
  readonly remainingMs: number;
  readonly targetMs: number;
  /** The rule's warning percents that elapsed time has reached, ascending. */
  readonly thresholdsPassed: readonly number[];
  /** When the clock breaches (or breached) if nothing else happens; null when paused, stopped or never. */
  readonly breachAtMs: number | null;
  readonly pauseReason: string | null;
  /** The event that stopped the clock, if any. */
  readonly stopEvent: StopHandoffEvent | null;
  readonly ruleVersion: number;
  /** The calendar's version, or null for a calendar without one. */
  readonly calendarVersion: number | null;
  /** Whether the outcome comes from a recorded `judged` event rather than recomputation. */
  readonly isJudged: boolean;
  /** Whether the clock is still counting or could count again (not stopped, not judged). */
  readonly isOpen: boolean;
  /** Start of the current leg: the handoff's start, or the last resetting reassignment. */
  readonly legStartedAtMs: number;
}

export type VersionedCalendar = BusinessCalendar & { readonly version?: number };

export function evaluateClock(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
): ClockResult {
  return clockFromTimeline(rule, handoff, calendar, nowMs, clockTimeline(rule, handoff, nowMs));
}

export function clockFromTimeline(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
  timeline: ClockTimeline,
): ClockResult {
  // Results are built as full literals, not by spreading a shared base: properties after a spread
  // are defined one by one at run time, which made evaluation several times slower.
  const judged = timeline.judged;
  if (judged !== null) {
    return {
      ruleId: rule.id,
      handoffId: handoff.id,
      state: judged.outcome,
      elapsedMs: judged.elapsedMs,
      remainingMs: judged.targetMs - judged.elapsedMs,
      targetMs: judged.targetMs,
      thresholdsPassed: passedPercents(rule.warningPercents, judged.elapsedMs, judged.targetMs),
      breachAtMs: null,
      pauseReason: null,
      stopEvent: timeline.stopEvent,
      ruleVersion: judged.ruleVersion,
      calendarVersion: judged.calendarVersion,
      isJudged: true,
      isOpen: false,
      legStartedAtMs: timeline.legStartedAtMs,
    };
  }

  const targetMs = targetMinutesFor(rule, handoff.priority) * 60_000;
  let closedMs = 0;
  for (const stretch of timeline.closedStretches) {
    closedMs += businessTimeBetween(stretch.fromMs, stretch.toMs, calendar);
  }
  const openFromMs = timeline.openStretchFromMs;
  const elapsedMs = closedMs + (openFromMs === null ? 0 : businessTimeBetween(openFromMs, nowMs, calendar));
  const breachAtMs = openFromMs === null ? null : breachInstant(timeline, targetMs, closedMs, calendar);
  const isStopped = timeline.stopEvent !== null;
  const isOverdue = elapsedMs >= targetMs;

  const thresholdsPassed = passedPercents(rule.warningPercents, elapsedMs, targetMs);
  let state: ClockState;
  if (isStopped) state = isOverdue ? 'breached' : 'met';
  else if (isOverdue) state = 'breached';
  else if (timeline.pauseReason !== null) state = 'paused';
  else if (!isBusinessTime(nowMs, calendar)) state = 'outside_hours';
  else state = thresholdsPassed.length > 0 ? 'warning' : 'running';

  return {
    ruleId: rule.id,
    handoffId: handoff.id,
    state,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    targetMs,
    thresholdsPassed,
    breachAtMs,
    pauseReason: timeline.pauseReason,
    stopEvent: timeline.stopEvent,
    ruleVersion: rule.version,
    calendarVersion: calendar.version ?? null,
    isJudged: false,
    isOpen: !isStopped,
    legStartedAtMs: timeline.legStartedAtMs,
  };
}

/** When elapsed time reached (or will reach) the target, for a clock that is still running. */
function breachInstant(
  timeline: ClockTimeline,
  targetMs: number,
  closedMs: number,
  calendar: BusinessCalendar,
): number | null {
  if (closedMs < targetMs) {
    return deadlineOrNull(
      timeline.openStretchFromMs ?? timeline.legStartedAtMs,
      targetMs - closedMs,
      calendar,
    );
  }
  let countedMs = 0;
  for (const stretch of timeline.closedStretches) {
    const stretchMs = businessTimeBetween(stretch.fromMs, stretch.toMs, calendar);
    if (countedMs + stretchMs >= targetMs)
      return addBusinessTime(stretch.fromMs, targetMs - countedMs, calendar);
    countedMs += stretchMs;
  }
  return null;
}

export function passedPercents(percents: readonly number[], elapsedMs: number, targetMs: number): number[] {
  return percents.filter((percent) => elapsedMs >= (targetMs * percent) / 100).sort((a, b) => a - b);
}

/** The instant `durationMs` of business time after `fromMs` (or `fromMs` if already used up). */
export function deadlineOrNull(
  fromMs: number,
  durationMs: number,
  calendar: BusinessCalendar,
): number | null {
  try {
    return addBusinessTime(fromMs, Math.max(0, durationMs), calendar);
  } catch (error) {
    if (error instanceof NoBusinessTimeError) return null;
    throw error;
  }
}
