import { Temporal } from 'temporal-polyfill';
import type { Period } from '../agreement/rule.js';

/**
 * Reporting periods in a calendar's zone: a day, an ISO week (Monday to Sunday), a month or a
 * quarter of local dates. A period runs from the first instant of its first local date to the first
 * instant of the next period, so on DST dates a day is 23 or 25 hours long.
 */

export interface PeriodBucket {
  readonly period: Period;
  /** `2026-11-23`, `2026-W48`, `2026-11` or `2026-Q4`: sorts chronologically within a period kind. */
  readonly key: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The first local date of the period, `YYYY-MM-DD`. */
  readonly startDate: string;
}

export function periodBucketAt(epochMs: number, period: Period, timeZone: string): PeriodBucket {
  const date = Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs))
    .toZonedDateTimeISO(timeZone)
    .toPlainDate();
  return bucketFromDate(date, period, timeZone);
}

/** The period that follows `bucket`. */
export function nextPeriodBucket(bucket: PeriodBucket, timeZone: string): PeriodBucket {
  const date = Temporal.PlainDate.from(bucket.startDate);
  const next =
    bucket.period === 'day'
      ? date.add({ days: 1 })
      : bucket.period === 'week'
        ? date.add({ weeks: 1 })
        : bucket.period === 'month'
          ? date.add({ months: 1 })
          : date.add({ months: 3 });
  return bucketFromDate(next, bucket.period, timeZone);
}

/** Every period overlapping `[fromMs, toMs)`, in order. */
export function periodBucketsBetween(
  fromMs: number,
  toMs: number,
  period: Period,
  timeZone: string,
): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  if (!(toMs > fromMs)) return buckets;
  for (let bucket = periodBucketAt(fromMs, period, timeZone); bucket.startMs < toMs; ) {
    buckets.push(bucket);
    bucket = nextPeriodBucket(bucket, timeZone);
  }
  return buckets;
}

function bucketFromDate(date: Temporal.PlainDate, period: Period, timeZone: string): PeriodBucket {
  let start: Temporal.PlainDate;
  let end: Temporal.PlainDate;
  let key: string;
  if (period === 'day') {
    start = date;
    end = date.add({ days: 1 });
    key = date.toString();
  } else if (period === 'week') {
    start = date.subtract({ days: date.dayOfWeek - 1 });
    end = start.add({ weeks: 1 });
    key = `${date.yearOfWeek}-W${String(date.weekOfYear).padStart(2, '0')}`;
  } else if (period === 'month') {
    start = date.with({ day: 1 });
    end = start.add({ months: 1 });
    key = start.toPlainYearMonth().toString();
  } else {
    const quarter = Math.floor((date.month - 1) / 3);
    start = date.with({ month: quarter * 3 + 1, day: 1 });
    end = start.add({ months: 3 });
    key = `${date.year}-Q${quarter + 1}`;
  }
  return {
    period,
    key,
    startMs: start.toZonedDateTime({ timeZone }).epochMilliseconds,
    endMs: end.toZonedDateTime({ timeZone }).epochMilliseconds,
    startDate: start.toString(),
  };
}
