import { describe, expect, it } from 'vitest';
import { nextPeriodBucket, periodBucketAt, periodBucketsBetween } from './period-bucket.js';

const hourMs = 3_600_000;

describe('periodBucketAt', () => {
  // 03:00 UTC on Monday 23 November 2026 is still Sunday 22 November, 22:00, in New York.
  const lateSunday = Date.UTC(2026, 10, 23, 3);

  it('buckets by the local date in the zone, not the UTC date', () => {
    expect(periodBucketAt(lateSunday, 'day', 'America/New_York')).toMatchObject({
      key: '2026-11-22',
      startMs: Date.UTC(2026, 10, 22, 5),
      endMs: Date.UTC(2026, 10, 23, 5),
    });
    expect(periodBucketAt(lateSunday, 'day', 'UTC').key).toBe('2026-11-23');
  });

  it('starts weeks on Monday and names them by ISO week', () => {
    expect(periodBucketAt(lateSunday, 'week', 'America/New_York')).toMatchObject({
      key: '2026-W47',
      startDate: '2026-11-16',
      startMs: Date.UTC(2026, 10, 16, 5),
    });
    expect(periodBucketAt(Date.UTC(2027, 0, 1, 12), 'week', 'UTC').key).toBe('2026-W53');
  });

  it('runs a month from its first local midnight to the next, across the fall-back', () => {
    const november = periodBucketAt(lateSunday, 'month', 'America/New_York');
    expect(november).toMatchObject({
      key: '2026-11',
      startMs: Date.UTC(2026, 10, 1, 4),
      endMs: Date.UTC(2026, 11, 1, 5),
    });
    expect(november.endMs - november.startMs).toBe(30 * 24 * hourMs + hourMs);
  });

  it('has a 23-hour day on the spring-forward date', () => {
    const day = periodBucketAt(Date.UTC(2026, 2, 8, 15), 'day', 'America/New_York');
    expect(day.endMs - day.startMs).toBe(23 * hourMs);
  });

  it('groups months into quarters', () => {
    expect(periodBucketAt(lateSunday, 'quarter', 'America/New_York')).toMatchObject({
      key: '2026-Q4',
      startDate: '2026-10-01',
      startMs: Date.UTC(2026, 9, 1, 4),
    });
    expect(nextPeriodBucket(periodBucketAt(lateSunday, 'quarter', 'UTC'), 'UTC').key).toBe('2027-Q1');
  });
});

describe('periodBucketsBetween', () => {
  it('lists every week overlapping November 2026, including the partial ones', () => {
    const weeks = periodBucketsBetween(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1), 'week', 'UTC');
    expect(weeks.map((week) => week.key)).toEqual([
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
  });

  it('is empty for an empty range', () => {
    expect(periodBucketsBetween(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 1), 'day', 'UTC')).toEqual([]);
  });
});
