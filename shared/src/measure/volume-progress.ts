import type { VolumeRule } from '../agreement/rule.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { elapsedShare, type Pace, paceOf } from './pacing.js';
import { periodBucketAt } from './period-bucket.js';

/**
 * Progress of a volume rule in the period containing `nowMs`, with pacing (`pacing.ts`): by now the
 * party should have delivered the target times the share of the period's business time already
 * past. A delivered item is a handoff from the rule's
 * party (to `toPartyId` when the rule names one) started within the period and not after `nowMs`.
 */

export interface VolumeProgress extends Pace {
  readonly ruleId: string;
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  readonly targetCount: number;
  readonly deliveredCount: number;
  /** Share of the period's business time elapsed, 0 to 1. */
  readonly elapsedFraction: number;
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
  return {
    ruleId: rule.id,
    periodKey: bucket.key,
    periodStartMs: bucket.startMs,
    periodEndMs: bucket.endMs,
    targetCount: rule.targetCount,
    deliveredCount,
    elapsedFraction,
    ...paceOf(rule.targetCount, deliveredCount, elapsedFraction),
  };
}
