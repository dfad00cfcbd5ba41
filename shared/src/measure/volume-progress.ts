import type { VolumeRule } from '../agreement/rule.js';
import { businessTimeBetween } from '../calendar/business-hours.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { periodBucketAt } from './period-bucket.js';

/**
 * Progress of a volume rule in the period containing `nowMs`, with pacing: by now the party should
 * have delivered the target times the share of the period's business time already past. Weighting
 * by business time means a weekend or holiday adds no expectation and a half day adds half a day's.
 * Without a calendar the share is of wall-clock time. A delivered item is a handoff from the rule's
 * party (to `toPartyId` when the rule names one) started within the period and not after `nowMs`.
 */

export interface VolumeProgress {
  readonly ruleId: string;
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  readonly targetCount: number;
  readonly deliveredCount: number;
  /** Share of the period's business time elapsed, 0 to 1. */
  readonly elapsedFraction: number;
  /** target × elapsedFraction, not rounded. */
  readonly expectedByNowCount: number;
  /** delivered ÷ expected × 100, or null before any business time has passed. */
  readonly pacePercent: number | null;
  /** delivered ÷ elapsedFraction: where the period ends at the current pace; null before it starts. */
  readonly projectedCount: number | null;
  readonly isOnTrack: boolean;
  readonly isMet: boolean;
}

export interface VolumeProgressOptions {
  readonly nowMs: number;
  /** The rule's calendar; its zone buckets the period. */
  readonly calendar?: BusinessCalendar;
  /** The zone to bucket in when there is no calendar. */
  readonly timeZone?: string;
}

export function volumeProgress(
  rule: VolumeRule,
  handoffs: readonly HandoffWithEvents[],
  options: VolumeProgressOptions,
): VolumeProgress {
  const { nowMs, calendar } = options;
  const timeZone = calendar?.timeZone ?? options.timeZone ?? 'UTC';
  const bucket = periodBucketAt(nowMs, rule.period, timeZone);
  const untilMs = Math.min(nowMs, bucket.endMs);
  let deliveredCount = 0;
  for (const handoff of handoffs) {
    if (handoff.fromPartyId !== rule.partyId) continue;
    if (rule.toPartyId !== undefined && handoff.toPartyId !== rule.toPartyId) continue;
    if (handoff.startedAtMs >= bucket.startMs && handoff.startedAtMs <= untilMs) deliveredCount++;
  }
  const elapsedFraction = elapsedShare(bucket.startMs, untilMs, bucket.endMs, calendar);
  const expectedByNowCount = rule.targetCount * elapsedFraction;
  return {
    ruleId: rule.id,
    periodKey: bucket.key,
    periodStartMs: bucket.startMs,
    periodEndMs: bucket.endMs,
    targetCount: rule.targetCount,
    deliveredCount,
    elapsedFraction,
    expectedByNowCount,
    pacePercent: expectedByNowCount === 0 ? null : (deliveredCount / expectedByNowCount) * 100,
    projectedCount: elapsedFraction === 0 ? null : deliveredCount / elapsedFraction,
    isOnTrack: deliveredCount >= expectedByNowCount,
    isMet: deliveredCount >= rule.targetCount,
  };
}

function elapsedShare(startMs: number, untilMs: number, endMs: number, calendar?: BusinessCalendar): number {
  if (calendar !== undefined) {
    const totalMs = businessTimeBetween(startMs, endMs, calendar);
    if (totalMs > 0) return businessTimeBetween(startMs, untilMs, calendar) / totalMs;
  }
  return (untilMs - startMs) / (endMs - startMs);
}
