import type { BusinessCalendar, Weekday } from '@pactline/shared';

/**
 * Business time for the background's clocks, with the signatures of the shared core's
 * `businessTimeBetween`, `addBusinessTime`, `isBusinessTime` and `nextBusinessBoundaryAfter`.
 * This version walks minute by minute through Intl (so a DST gap minute never counts and a repeated
 * one counts twice); once the shared core exports these, this file becomes a re-export of them.
 * Instants are counted at minute resolution inside each minute: [m, m + 1 min).
 */

const minuteMs = 60_000;
/** How far ahead to look for business time before concluding the calendar has none. */
const horizonMs = 400 * 24 * 60 * minuteMs;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export function isBusinessTime(epochMs: number, calendar: BusinessCalendar): boolean {
  const parts = Object.fromEntries(
    formatterFor(calendar.timeZone)
      .formatToParts(epochMs)
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (calendar.holidays.includes(date)) return false;
  const weekday = (parts.weekday ?? '').toLowerCase().slice(0, 3) as Weekday;
  const minuteOfDay = Number(parts.hour) * 60 + Number(parts.minute);
  return (calendar.week[weekday] ?? []).some(
    (interval) => minutesOf(interval.start) <= minuteOfDay && minuteOfDay < minutesOf(interval.end),
  );
}

function floorMinute(epochMs: number): number {
  return Math.floor(epochMs / minuteMs) * minuteMs;
}

export function businessTimeBetween(startMs: number, endMs: number, calendar: BusinessCalendar): number {
  if (endMs <= startMs) return 0;
  let total = 0;
  for (let minute = floorMinute(startMs); minute < endMs; minute += minuteMs) {
    if (!isBusinessTime(minute, calendar)) continue;
    total += Math.min(endMs, minute + minuteMs) - Math.max(startMs, minute);
  }
  return total;
}

/** The instant at which `durationMs` of business time has passed since `startMs`. */
export function addBusinessTime(startMs: number, durationMs: number, calendar: BusinessCalendar): number {
  let left = durationMs;
  let cursor = startMs;
  if (left <= 0) return startMs;
  while (cursor - startMs < horizonMs) {
    const minute = floorMinute(cursor);
    const minuteEnd = minute + minuteMs;
    if (isBusinessTime(minute, calendar)) {
      const available = minuteEnd - cursor;
      if (available >= left) return cursor + left;
      left -= available;
    }
    cursor = minuteEnd;
  }
  throw new RangeError(`the calendar in ${calendar.timeZone} has no business time within 400 days`);
}

/** The next instant after `epochMs` where business time starts or stops, or null within the horizon. */
export function nextBusinessBoundaryAfter(epochMs: number, calendar: BusinessCalendar): number | null {
  const isInside = isBusinessTime(epochMs, calendar);
  for (
    let minute = floorMinute(epochMs) + minuteMs;
    minute - epochMs < 14 * 24 * 60 * minuteMs;
    minute += minuteMs
  ) {
    if (isBusinessTime(minute, calendar) !== isInside) return minute;
  }
  return null;
}
