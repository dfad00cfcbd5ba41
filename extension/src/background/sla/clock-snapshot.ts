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
  /**
   * A stop event arrived: the handoff no longer needs action. A breach recorded while nobody had
   * responded yet is final as a result, but the rep still has to act, so it is not a stop.
   */
  isStopped: boolean;
  /** The outcome comes from a recorded `judged` event (with the versions it was judged under). */
  isJudged: boolean;
}

function withoutJudgements(handoff: HandoffWithEvents): HandoffWithEvents {
  return { ...handoff, events: handoff.events.filter((event) => event.type !== 'judged') };
}

export function clockSnapshot(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: CalendarDefinition,
  nowMs: number,
): ClockSnapshot {
  const recorded = evaluateClock(rule, handoff, calendar, nowMs);
  // A breach judged before any response: keep counting the overdue time live, under its recorded state.
  const isJudgedOpen = recorded.isJudged && recorded.stopEvent === null;
  const live = isJudgedOpen ? withoutJudgements(handoff) : handoff;
  const clock = isJudgedOpen ? evaluateClock(rule, live, calendar, nowMs) : recorded;
  const isTicking = clock.isOpen && clock.state !== 'paused' && isBusinessTime(nowMs, calendar);
  return {
    state: recorded.state,
    elapsedMs: clock.elapsedMs,
    remainingMs: clock.remainingMs,
    targetMs: clock.targetMs,
    breachAtMs: clock.isOpen && clock.state !== 'paused' ? clock.breachAtMs : null,
    ...(clock.pauseReason !== null && clock.state === 'paused' ? { pauseReason: clock.pauseReason } : {}),
    isTicking,
    nextChangeAtMs: clock.isOpen ? nextClockChangeAtMs(rule, live, calendar, nowMs) : null,
    crossedPercents: [...clock.thresholdsPassed, ...(clock.remainingMs <= 0 ? [100] : [])],
    isStopped: recorded.stopEvent !== null,
    isJudged: recorded.isJudged,
  };
}
