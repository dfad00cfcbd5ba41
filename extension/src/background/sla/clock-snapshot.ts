import {
  type CalendarDefinition,
  evaluateClock,
  type HandoffWithEvents,
  isBusinessTime,
  nextClockChangeAtMs,
  type ResponseRule,
} from '@pactline/shared';
import type { ClockState } from '../../protocol/record-view.js';

/**
 * A response clock as the background reports it: the shared core's evaluation plus what the
 * overlay and the alarms need to act without re-evaluating every second: whether business time is
 * passing now, and when the state next changes by itself.
 */
export interface ClockSnapshot {
  state: ClockState;
  elapsedMs: number;
  remainingMs: number;
  targetMs: number;
  breachAtMs: number | null;
  pauseReason?: string;
  isTicking: boolean;
  nextChangeAtMs: number | null;
  /** Thresholds crossed so far in percent of the target, 100 once the target is used up. */
  crossedPercents: number[];
  /** Stopped or judged: the result is final and the handoff no longer needs action. */
  isStopped: boolean;
}

export function clockSnapshot(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: CalendarDefinition,
  nowMs: number,
): ClockSnapshot {
  const clock = evaluateClock(rule, handoff, calendar, nowMs);
  const isTicking = clock.isOpen && clock.state !== 'paused' && isBusinessTime(nowMs, calendar);
  return {
    state: clock.state,
    elapsedMs: clock.elapsedMs,
    remainingMs: clock.remainingMs,
    targetMs: clock.targetMs,
    breachAtMs: clock.isOpen && clock.state !== 'paused' ? clock.breachAtMs : null,
    ...(clock.pauseReason !== null && clock.state === 'paused' ? { pauseReason: clock.pauseReason } : {}),
    isTicking,
    nextChangeAtMs: clock.isOpen ? nextClockChangeAtMs(rule, handoff, calendar, nowMs) : null,
    crossedPercents: [...clock.thresholdsPassed, ...(clock.remainingMs <= 0 ? [100] : [])],
    isStopped: !clock.isOpen,
  };
}
