import type { BusinessCalendar, Weekday } from './calendar-schema.js';
import { minutesOfDay } from './calendar-schema.js';

/**
 * A deliberately naive reference for business time, used by tests and the benchmark to check the
 * fast implementation: it steps minute by minute and asks `Intl.DateTimeFormat` (not Temporal) for
 * each minute's local wall clock. Exact for minute-aligned instants in zones whose transitions fall
 * on whole minutes (every zone since 1972). Not exported from the package root.
 */

const minuteMs = 60_000;
const weekdayByShortName: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

export function referenceIsBusinessMinute(
  epochMs: number,
  calendar: BusinessCalendar,
  formatter = wallClockFormatter(calendar.timeZone),
): boolean {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(epochMs)) parts[part.type] = part.value;
  const localDate = `${parts.year}-${parts.month}-${parts.day}`;
  if (calendar.holidays.includes(localDate)) return false;
  const weekday = weekdayByShortName[parts.weekday ?? ''];
  if (weekday === undefined) throw new Error(`unexpected weekday ${parts.weekday}`);
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return calendar.week[weekday].some(
    (interval) => minutesOfDay(interval.start) <= minute && minute < minutesOfDay(interval.end),
  );
}

export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Business milliseconds in `[startMs, endMs)`, both minute-aligned. */
export function referenceBusinessTimeBetween(
  startMs: number,
  endMs: number,
  calendar: BusinessCalendar,
): number {
  const formatter = wallClockFormatter(calendar.timeZone);
  let totalMs = 0;
  for (let minuteStartMs = startMs; minuteStartMs < endMs; minuteStartMs += minuteMs) {
    if (referenceIsBusinessMinute(minuteStartMs, calendar, formatter)) totalMs += minuteMs;
  }
  return totalMs;
}

/** The end of the minute in which `durationMs` (whole minutes) of business time fills up. */
export function referenceAddBusinessTime(
  startMs: number,
  durationMs: number,
  calendar: BusinessCalendar,
  maxMinutes = 60 * 24 * 366 * 2,
): number {
  const formatter = wallClockFormatter(calendar.timeZone);
  let remainingMs = durationMs;
  let minuteStartMs = startMs;
  for (let step = 0; remainingMs > 0; step++) {
    if (step > maxMinutes) throw new Error('reference search exceeded its horizon');
    if (referenceIsBusinessMinute(minuteStartMs, calendar, formatter)) remainingMs -= minuteMs;
    minuteStartMs += minuteMs;
  }
  return minuteStartMs;
}
