import { businessTimeBetween } from '../calendar/business-hours.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';

/**
 * Pacing of a count goal across its period: by `untilMs` the count should be the target times the
 * share of the period's business time already past. Weighting by business time means a weekend or
 * holiday adds no expectation and a half day adds half a day's; without a calendar the share is of
 * wall-clock time.
 */

export interface Pace {
  /** target × elapsed share, not rounded. */
  readonly expectedByNowCount: number;
  /** count ÷ expected × 100, or null before any business time has passed. */
  readonly pacePercent: number | null;
  /** count ÷ elapsed share: where the period ends at the current pace; null before it starts. */
  readonly projectedCount: number | null;
  readonly isOnTrack: boolean;
  readonly isMet: boolean;
}

/** Share of the period's business time (else wall-clock time) from `startMs` to `untilMs`, 0 to 1. */
export function elapsedShare(
  startMs: number,
  untilMs: number,
  endMs: number,
  calendar?: BusinessCalendar,
): number {
  if (calendar !== undefined) {
    const totalMs = businessTimeBetween(startMs, endMs, calendar);
    if (totalMs > 0) return businessTimeBetween(startMs, untilMs, calendar) / totalMs;
  }
  return (untilMs - startMs) / (endMs - startMs);
}

export function paceOf(targetCount: number, count: number, elapsedFraction: number): Pace {
  const expectedByNowCount = targetCount * elapsedFraction;
  return {
    expectedByNowCount,
    pacePercent: expectedByNowCount === 0 ? null : (count / expectedByNowCount) * 100,
    projectedCount: elapsedFraction === 0 ? null : count / elapsedFraction,
    isOnTrack: count >= expectedByNowCount,
    isMet: count >= targetCount,
  };
}
