import type { Period, ResponseRule } from '../agreement/rule.js';
import type { ClockRecord } from './clock-records.js';
import { responseTimeMs } from './clock-records.js';
import { periodBucketAt, periodBucketsBetween } from './period-bucket.js';
import { mean, median, percentile } from './summary-statistics.js';

/**
 * Response time per period charted against the goal, for one rule: one point per period in
 * `[fromMs, toMs)`, empty periods included so a chart's x axis has no holes. Handoffs are placed in
 * the period they started in, in the rule's calendar zone; only answered handoffs have a response
 * time. The goal is the rule's default target (per-priority targets differ per handoff).
 */

export interface ResponseTrendPoint {
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly answeredCount: number;
  readonly meanResponseMs: number | null;
  readonly medianResponseMs: number | null;
  readonly p90ResponseMs: number | null;
  readonly goalMs: number;
  /** Whether the mean response is within the goal; null for a period without answers. */
  readonly isMeanWithinGoal: boolean | null;
}

export interface ResponseTrendOptions {
  readonly period: Period;
  readonly fromMs: number;
  readonly toMs: number;
  readonly timeZone: string;
}

export function responseTrend(
  rule: ResponseRule,
  records: readonly ClockRecord[],
  options: ResponseTrendOptions,
): ResponseTrendPoint[] {
  const goalMs = rule.targetMinutes * 60_000;
  const buckets = periodBucketsBetween(options.fromMs, options.toMs, options.period, options.timeZone);
  const responsesByKey = new Map<string, number[]>(buckets.map((bucket) => [bucket.key, []]));
  for (const record of records) {
    if (record.rule.id !== rule.id) continue;
    const responseMs = responseTimeMs(record.clock);
    if (responseMs === null) continue;
    const key = periodBucketAt(record.handoff.startedAtMs, options.period, options.timeZone).key;
    responsesByKey.get(key)?.push(responseMs);
  }
  return buckets.map((bucket) => {
    const responses = responsesByKey.get(bucket.key) ?? [];
    const meanResponseMs = mean(responses);
    return {
      periodKey: bucket.key,
      periodStartMs: bucket.startMs,
      answeredCount: responses.length,
      meanResponseMs,
      medianResponseMs: median(responses),
      p90ResponseMs: percentile(responses, 90),
      goalMs,
      isMeanWithinGoal: meanResponseMs === null ? null : meanResponseMs <= goalMs,
    };
  });
}
