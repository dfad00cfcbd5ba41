import { describe, expect, it } from 'vitest';
import {
  dayNumberOf,
  localDateOfDayNumber,
  localDayNumberAt,
  startOfLocalDayMs,
  weekdayOf,
} from './local-date.js';

describe('local dates as day numbers', () => {
  it('round-trips dates and names weekdays from Monday', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(localDateOfDayNumber(dayNumberOf('2026-11-23'))).toBe('2026-11-23');
    expect(weekdayOf(dayNumberOf('2026-11-23'))).toBe('mon');
    expect(weekdayOf(dayNumberOf('2026-11-22'))).toBe('sun');
    expect(weekdayOf(dayNumberOf('1969-12-31'))).toBe('wed');
  });

  it('finds the local date of an instant in the zone', () => {
    const instant = Date.UTC(2026, 10, 23, 3);
    expect(localDateOfDayNumber(localDayNumberAt(instant, 'America/New_York'))).toBe('2026-11-22');
    expect(localDateOfDayNumber(localDayNumberAt(instant, 'Asia/Kathmandu'))).toBe('2026-11-23');
  });

  it('starts a local day at its first instant, after a gap at midnight where there is one', () => {
    expect(startOfLocalDayMs(dayNumberOf('2026-11-23'), 'America/New_York')).toBe(Date.UTC(2026, 10, 23, 5));
    // Santiago springs forward at midnight on 6 September 2026: the day starts at 01:00 (-03:00).
    expect(startOfLocalDayMs(dayNumberOf('2026-09-06'), 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
  });
});
