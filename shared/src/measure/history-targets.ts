import type { ResponseRule } from '../agreement/rule.js';
import type { ClockRecord } from './clock-records.js';
import { responseTimeMs } from './clock-records.js';
import { median, percentile } from './summary-statistics.js';

/**
 * What a response rule's history says about its target (seed 000: an agreement built from data on
 * the current process rather than gut feeling): how fast receivers really responded, in the rule's
 * business time, and how many would have met the target as it stands. A target is proposed from
 * the history once there are enough responses to say anything: the 80th percentile of the real
 * response, rounded up to a round figure, which four in five responses would have met.
 */

export interface HistoryTarget {
  readonly ruleId: string;
  /** Clocks stopped by a response (or judged): their business time to respond is known. */
  readonly respondedCount: number;
  readonly medianMs: number | null;
  readonly p80Ms: number | null;
  readonly p90Ms: number | null;
  /**
   * Of the decided clocks (responded, or open past the target), the share that met the target as
   * it stands now (whatever target they were judged under then), 0 to 1; null when none is decided.
   */
  readonly shareMet: number | null;
  readonly decidedCount: number;
  /** The proposed target in minutes; null with fewer than `minimumForProposal` responses. */
  readonly proposedMinutes: number | null;
}

/** Fewer responses than this say too little to propose a target from. */
export const minimumForProposal = 10;

/** Round targets a team writes down, in minutes: from five minutes to a working month. */
const roundMinutes = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2880, 4320, 7200, 10080, 20160,
  43200,
];

/** The smallest round target at or above `minutes`. */
export function roundTargetMinutes(minutes: number): number {
  return roundMinutes.find((round) => round >= minutes) ?? Math.ceil(minutes / 1440) * 1440;
}

/** The rule's target for a handoff of `priority`, as it stands now. */
function currentTargetMs(rule: ResponseRule, priority: string | undefined): number {
  const minutes =
    (priority === undefined ? undefined : rule.targetMinutesByPriority[priority]) ?? rule.targetMinutes;
  return minutes * 60_000;
}

export function historyTarget(rule: ResponseRule, records: readonly ClockRecord[]): HistoryTarget {
  const responses: number[] = [];
  let met = 0;
  let decided = 0;
  for (const record of records) {
    if (record.rule.id !== rule.id) continue;
    const targetMs = currentTargetMs(rule, record.handoff.priority);
    const ms = responseTimeMs(record.clock);
    if (ms !== null) {
      responses.push(ms);
      decided++;
      if (ms <= targetMs) met++;
    } else if (record.clock.elapsedMs > targetMs) {
      // Still open and already past the target: it cannot meet it any more.
      decided++;
    }
  }
  const p80Ms = percentile(responses, 80);
  return {
    ruleId: rule.id,
    respondedCount: responses.length,
    medianMs: median(responses),
    p80Ms,
    p90Ms: percentile(responses, 90),
    decidedCount: decided,
    shareMet: decided === 0 ? null : met / decided,
    proposedMinutes:
      p80Ms === null || responses.length < minimumForProposal
        ? null
        : roundTargetMinutes(Math.max(1, Math.ceil(p80Ms / 60_000))),
  };
}
