import type { ConversionRule } from '../agreement/rule.js';
import { type HandoffWithEvents, leadKey } from '../handoff/handoff.js';
import { periodBucketAt } from './period-bucket.js';

/**
 * A conversion rule's rate for the period containing `nowMs`, measured on a cohort: the leads the
 * rule's party received at `fromStage` during the period (e.g. MQLs handed to the SDRs this month).
 * A lead converts when the party later hands the same CRM record on at `toStage` (the SDR hands it
 * to an AE as an SQL), whenever that happens; it is rejected when its receipt was rejected and it
 * never converted; otherwise it is still pending. The rate is converted ÷ received, so pending
 * leads count against it until they are decided: the figure is final once nothing is pending.
 * A lead received twice in the period counts once, from its first receipt.
 */

export interface ConversionProgress {
  readonly ruleId: string;
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  readonly receivedCount: number;
  readonly convertedCount: number;
  readonly rejectedCount: number;
  readonly pendingCount: number;
  /** converted ÷ received × 100; null when nothing was received. */
  readonly ratePercent: number | null;
  readonly targetPercent: number;
  readonly comparison: ConversionRule['comparison'];
  /** Whether the rate meets the target as it stands; null when nothing was received. */
  readonly isMet: boolean | null;
  /** No lead of the cohort is pending: the rate can no longer change. */
  readonly isFinal: boolean;
}

export interface ConversionProgressOptions {
  readonly nowMs: number;
  /** The zone the period is cut in (the agreement's calendar). */
  readonly timeZone: string;
}

export function conversionProgress(
  rule: ConversionRule,
  handoffs: readonly HandoffWithEvents[],
  options: ConversionProgressOptions,
): ConversionProgress {
  const bucket = periodBucketAt(options.nowMs, rule.period, options.timeZone);
  const untilMs = Math.min(options.nowMs, bucket.endMs - 1);
  const received = new Map<string, HandoffWithEvents>();
  const passedOnAtMs = new Map<string, number[]>();
  for (const handoff of handoffs) {
    const key = leadKey(handoff.lead);
    if (
      handoff.toPartyId === rule.partyId &&
      handoff.stage === rule.fromStage &&
      handoff.startedAtMs >= bucket.startMs &&
      handoff.startedAtMs <= untilMs
    ) {
      const earlier = received.get(key);
      if (earlier === undefined || handoff.startedAtMs < earlier.startedAtMs) received.set(key, handoff);
    }
    if (handoff.fromPartyId === rule.partyId && handoff.stage === rule.toStage) {
      passedOnAtMs.set(key, [...(passedOnAtMs.get(key) ?? []), handoff.startedAtMs]);
    }
  }
  let convertedCount = 0;
  let rejectedCount = 0;
  for (const [key, receipt] of received) {
    const isConverted = (passedOnAtMs.get(key) ?? []).some(
      (atMs) => atMs >= receipt.startedAtMs && atMs <= options.nowMs,
    );
    if (isConverted) convertedCount++;
    else if (receipt.events.some((event) => event.type === 'rejected' && event.atMs <= options.nowMs)) {
      rejectedCount++;
    }
  }
  const receivedCount = received.size;
  const ratePercent = receivedCount === 0 ? null : (convertedCount / receivedCount) * 100;
  const pendingCount = receivedCount - convertedCount - rejectedCount;
  return {
    ruleId: rule.id,
    periodKey: bucket.key,
    periodStartMs: bucket.startMs,
    periodEndMs: bucket.endMs,
    receivedCount,
    convertedCount,
    rejectedCount,
    pendingCount,
    ratePercent,
    targetPercent: rule.targetPercent,
    comparison: rule.comparison,
    isMet:
      ratePercent === null
        ? null
        : rule.comparison === 'at_least'
          ? ratePercent >= rule.targetPercent
          : ratePercent <= rule.targetPercent,
    isFinal: pendingCount === 0,
  };
}
