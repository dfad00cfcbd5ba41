import { Temporal } from 'temporal-polyfill';
import type { Weekday } from './calendar-schema.js';
import { weekdays } from './calendar-schema.js';

/**
 * Local calendar dates as day numbers: the count of days since 1970-01-01 in the proleptic
 * Gregorian calendar, with no zone attached. Day arithmetic is plain integer arithmetic; only the
 * step from an instant to its local date needs the zone, and that goes through Temporal.
 */

export const dayMs = 86_400_000;

/** Day number of a `YYYY-MM-DD` local date. */
export function dayNumberOf(localDate: string): number {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / dayMs);
}

/** `YYYY-MM-DD` of a day number. */
export function localDateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

/** 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday). */
export function weekdayIndexOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function weekdayOf(dayNumber: number): Weekday {
  return weekdays[weekdayIndexOf(dayNumber)] as Weekday;
}

/** The local date (as a day number) of an instant in a zone. */
export function localDayNumberAt(epochMs: number, timeZone: string): number {
  const local = Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs)).toZonedDateTimeISO(timeZone);
  return Math.round(Date.UTC(local.year, local.month - 1, local.day) / dayMs);
}

/** The first instant of a local date in a zone (midnight, or the first instant after a gap). */
export function startOfLocalDayMs(dayNumber: number, timeZone: string): number {
  return Temporal.PlainDate.from(localDateOfDayNumber(dayNumber)).toZonedDateTime({ timeZone })
    .epochMilliseconds;
}
