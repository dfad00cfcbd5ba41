import type { Period } from '../agreement/rule.js';
import type { ClockRecord } from './clock-records.js';
import { responseTimeMs } from './clock-records.js';
import { periodBucketAt } from './period-bucket.js';
import { mean, median, percentile } from './summary-statistics.js';

/**
 * Compliance table: handoffs grouped by rule, receiving party, receiving rep and the period the
 * handoff started in (bucketed in the rule's calendar zone unless a zone is given). Per group:
 * how many handoffs, how many met, breached (including clocks still open past their target) and
 * still open, % met of those decided, and mean, median and p90 business response time of those
 * answered (stopped or judged). A dimension left out of `groupBy` is aggregated and shows as null.
 */

export type MeasureDimension = 'rule' | 'party' | 'rep';

export interface ResponseMeasureRow {
  readonly ruleId: string | null;
  readonly partyId: string | null;
  readonly repId: string | null;
  readonly periodKey: string;
  readonly periodStartMs: number;
  readonly periodEndMs: number;
  readonly handoffCount: number;
  readonly metCount: number;
  readonly breachedCount: number;
  readonly openCount: number;
  /** met ÷ (met + breached) × 100, or null when nothing is decided yet. */
  readonly percentMet: number | null;
  readonly meanResponseMs: number | null;
  readonly medianResponseMs: number | null;
  readonly p90ResponseMs: number | null;
}

export interface ResponseMeasureOptions {
  readonly period: Period;
  readonly groupBy?: readonly MeasureDimension[];
  /** Bucket every handoff in this zone instead of its rule's calendar zone. */
  readonly timeZone?: string;
}

const allDimensions: readonly MeasureDimension[] = ['rule', 'party', 'rep'];

export function responseMeasures(
  records: readonly ClockRecord[],
  options: ResponseMeasureOptions,
): ResponseMeasureRow[] {
  const groupBy = new Set(options.groupBy ?? allDimensions);
  const groups = new Map<string, { row: Omit<ResponseMeasureRow, CountFields>; records: ClockRecord[] }>();
  for (const record of records) {
    const bucket = periodBucketAt(
      record.handoff.startedAtMs,
      options.period,
      options.timeZone ?? record.calendar.timeZone,
    );
    const row = {
      ruleId: groupBy.has('rule') ? record.rule.id : null,
      partyId: groupBy.has('party') ? record.partyId : null,
      repId: groupBy.has('rep') ? record.repId : null,
      periodKey: bucket.key,
      periodStartMs: bucket.startMs,
      periodEndMs: bucket.endMs,
    };
    const key = JSON.stringify([row.periodKey, row.ruleId, row.partyId, row.repId]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { row, records: [record] });
    else group.records.push(record);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({ ...group.row, ...countRecords(group.records) }));
}

type CountFields =
  | 'handoffCount'
  | 'metCount'
  | 'breachedCount'
  | 'openCount'
  | 'percentMet'
  | 'meanResponseMs'
  | 'medianResponseMs'
  | 'p90ResponseMs';

export function countRecords(records: readonly ClockRecord[]): Pick<ResponseMeasureRow, CountFields> {
  let metCount = 0;
  let breachedCount = 0;
  let openCount = 0;
  const responseTimes: number[] = [];
  for (const { clock } of records) {
    if (clock.state === 'met') metCount++;
    else if (clock.state === 'breached') breachedCount++;
    else openCount++;
    const responseMs = responseTimeMs(clock);
    if (responseMs !== null) responseTimes.push(responseMs);
  }
  const decided = metCount + breachedCount;
  return {
    handoffCount: records.length,
    metCount,
    breachedCount,
    openCount,
    percentMet: decided === 0 ? null : (metCount / decided) * 100,
    meanResponseMs: mean(responseTimes),
    medianResponseMs: median(responseTimes),
    p90ResponseMs: percentile(responseTimes, 90),
  };
}
