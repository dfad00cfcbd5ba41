import {
  type BusinessCalendar,
  type HandoffWithEvents,
  type ResponseRule,
  type StopEvent,
  targetMinutesFor,
} from '@pactline/shared';
import type { ClockState } from '../../protocol/record-view.js';
import {
  addBusinessTime,
  businessTimeBetween,
  isBusinessTime,
  nextBusinessBoundaryAfter,
} from './business-time.js';

/**
 * One response rule's clock for one handoff at `nowMs`. Business time counts from the handoff
 * until the first event the rule stops on, minus the time spent paused. Met and breached are final;
 * paused wins over outside-hours; warning starts at the first warning threshold.
 */
export interface ClockResult {
  state: ClockState;
  elapsedMs: number;
  remainingMs: number;
  targetMs: number;
  /** Wall time of the breach if nothing stops the clock; null once stopped or while paused. */
  breachAtMs: number | null;
  pauseReason?: string;
  /** Whether business time is passing right now (what the overlay counts down locally). */
  isTicking: boolean;
  /** The next instant the state can change without a new event: a threshold, the breach or an hours edge. */
  nextChangeAtMs: number | null;
  /** The thresholds crossed so far, in percent of the target (100 is the breach). */
  crossedPercents: number[];
  /** A stop event arrived: the result is final (met or breached) and the handoff is closed. */
  isStopped: boolean;
}

export function evaluateClock(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: BusinessCalendar,
  nowMs: number,
): ClockResult {
  const targetMs = targetMinutesFor(rule, handoff.priority) * 60_000;
  const events = [...handoff.events].sort((a, b) => a.atMs - b.atMs);
  const stopOn: ReadonlySet<StopEvent> = new Set(rule.stopOn);
  const stop = events.find(
    (event) => stopOn.has(event.type as StopEvent) && event.atMs >= handoff.startedAtMs,
  );
  const endMs = Math.min(nowMs, stop?.atMs ?? nowMs);

  let elapsedMs = 0;
  let runningSinceMs: number | null = handoff.startedAtMs;
  let pauseReason: string | undefined;
  for (const event of events) {
    if (event.atMs > endMs) break;
    if (event.type === 'paused' && runningSinceMs !== null) {
      elapsedMs += businessTimeBetween(runningSinceMs, event.atMs, calendar);
      runningSinceMs = null;
      pauseReason = event.reason;
    } else if (event.type === 'resumed' && runningSinceMs === null) {
      runningSinceMs = event.atMs;
      pauseReason = undefined;
    }
  }
  if (runningSinceMs !== null) elapsedMs += businessTimeBetween(runningSinceMs, endMs, calendar);
  const remainingMs = targetMs - elapsedMs;
  const crossedPercents = [...rule.warningPercents, 100].filter(
    (percent) => elapsedMs >= (targetMs * percent) / 100,
  );
  const base = { elapsedMs, remainingMs, targetMs, crossedPercents, isStopped: stop !== undefined };

  if (stop) {
    return {
      ...base,
      state: remainingMs >= 0 ? 'met' : 'breached',
      breachAtMs: null,
      isTicking: false,
      nextChangeAtMs: null,
    };
  }
  if (runningSinceMs === null) {
    return {
      ...base,
      state: 'paused',
      pauseReason,
      breachAtMs: null,
      isTicking: false,
      nextChangeAtMs: null,
    };
  }
  const isTicking = isBusinessTime(nowMs, calendar);
  const breachAtMs = remainingMs > 0 ? addBusinessTime(nowMs, remainingMs, calendar) : nowMs + remainingMs;
  const upcoming = [...rule.warningPercents, 100]
    .map((percent) => (targetMs * percent) / 100 - elapsedMs)
    .filter((leftMs) => leftMs > 0)
    .map((leftMs) => addBusinessTime(nowMs, leftMs, calendar));
  const boundary = nextBusinessBoundaryAfter(nowMs, calendar);
  const candidates = boundary === null ? upcoming : [...upcoming, boundary];
  const nextChangeAtMs = candidates.length > 0 ? Math.min(...candidates) : null;
  let state: ClockState;
  if (remainingMs <= 0) state = 'breached';
  else if (!isTicking) state = 'outside_hours';
  else if (rule.warningPercents.some((percent) => elapsedMs >= (targetMs * percent) / 100)) state = 'warning';
  else state = 'running';
  return { ...base, state, breachAtMs, isTicking, nextChangeAtMs };
}
