import type { CalendarIndex } from './business-ranges.js';
import { businessRangesOfDay, calendarIndexOf } from './business-ranges.js';
import type { BusinessCalendar } from './calendar-schema.js';
import { dayMs } from './local-date.js';

/**
 * Business time, the measure every SLA clock counts in.
 *
 * - Business time is the set of real instants whose local wall-clock time in the calendar's zone
 *   lies in one of that weekday's intervals `[start, end)`, on a local date that is not a holiday.
 *   `end` may be `24:00`, the end of the local date.
 * - On a spring-forward date the skipped wall-clock hour never happens, so it never counts. On a
 *   fall-back date a repeated wall-clock hour inside an interval happens twice, so it counts twice.
 *   A holiday or weekday is the local date of the instant, so a repeated hour belongs to its date.
 * - `businessTimeBetween(start, end)` measures `[start, end)`; it is 0 when `end <= start`.
 * - `addBusinessTime(start, duration)` is the earliest `t >= start` with
 *   `businessTimeBetween(start, t) >= duration`: a window that fills at Friday 17:00 ends at Friday
 *   17:00, not Monday 09:00; a duration of 0 returns `start` even outside business hours.
 * - Non-finite instants or durations and negative durations throw `InvalidBusinessTimeInputError`.
 *   Adding a positive duration in a calendar whose business time has run out (no weekly hours, or
 *   only holidays from some date on) throws `NoBusinessTimeError` instead of searching forever.
 * - A calendar that fails `businessCalendarSchema` throws `InvalidCalendarError`.
 *
 * Each local date's business time is computed once per calendar object as instant ranges
 * (`business-ranges.ts`), so both functions are interval arithmetic over cached ranges.
 */

export class InvalidBusinessTimeInputError extends RangeError {
  override name = 'InvalidBusinessTimeInputError';
}

export class NoBusinessTimeError extends Error {
  override name = 'NoBusinessTimeError';
}

/** Past the last holiday, this many consecutive dates without business time means there is none. */
const emptyDaysBeforeGivingUp = 14;

function requireInstant(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new InvalidBusinessTimeInputError(
      `${name} must be a finite epoch milliseconds value, got ${value}`,
    );
  }
}

/** Day numbers whose business ranges can contain `epochMs` (offsets are less than a day). */
function firstCandidateDay(epochMs: number): number {
  return Math.floor(epochMs / dayMs) - 2;
}

/** Milliseconds of business time in `[startMs, endMs)`. */
export function businessTimeBetween(startMs: number, endMs: number, calendar: BusinessCalendar): number {
  requireInstant(startMs, 'startMs');
  requireInstant(endMs, 'endMs');
  if (endMs <= startMs) return 0;
  const index = calendarIndexOf(calendar);
  const lastDay = Math.floor(endMs / dayMs) + 2;
  let totalMs = 0;
  for (let day = firstCandidateDay(startMs); day <= lastDay; day++) {
    const ranges = businessRangesOfDay(index, day);
    for (let i = 0; i < ranges.length; i += 2) {
      const fromMs = Math.max(ranges[i] as number, startMs);
      const toMs = Math.min(ranges[i + 1] as number, endMs);
      if (fromMs < toMs) totalMs += toMs - fromMs;
    }
  }
  return totalMs;
}

/** The earliest instant `t >= startMs` with `businessTimeBetween(startMs, t) >= durationMs`. */
export function addBusinessTime(startMs: number, durationMs: number, calendar: BusinessCalendar): number {
  requireInstant(startMs, 'startMs');
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new InvalidBusinessTimeInputError(
      `durationMs must be a finite, non-negative number of milliseconds, got ${durationMs}`,
    );
  }
  if (durationMs === 0) return startMs;
  let remainingMs = durationMs;
  for (const [rangeStartMs, rangeEndMs] of businessRangesFrom(calendarIndexOf(calendar), startMs)) {
    const fromMs = Math.max(rangeStartMs, startMs);
    const availableMs = rangeEndMs - fromMs;
    if (availableMs >= remainingMs) return fromMs + remainingMs;
    remainingMs -= availableMs;
  }
  // businessRangesFrom only ends by throwing; this satisfies the type checker.
  throw new NoBusinessTimeError('business time ran out');
}

/** Whether `epochMs` is itself business time. */
export function isBusinessTime(epochMs: number, calendar: BusinessCalendar): boolean {
  requireInstant(epochMs, 'epochMs');
  const index = calendarIndexOf(calendar);
  const lastDay = Math.floor(epochMs / dayMs) + 2;
  for (let day = firstCandidateDay(epochMs); day <= lastDay; day++) {
    const ranges = businessRangesOfDay(index, day);
    for (let i = 0; i < ranges.length; i += 2) {
      if ((ranges[i] as number) <= epochMs && epochMs < (ranges[i + 1] as number)) return true;
    }
  }
  return false;
}

/**
 * The next instant after `epochMs` where business time opens or closes, or null if business time
 * has run out for good. Lets a live clock know when "outside business hours" next flips.
 */
export function nextBusinessBoundaryAfter(epochMs: number, calendar: BusinessCalendar): number | null {
  requireInstant(epochMs, 'epochMs');
  try {
    for (const [rangeStartMs, rangeEndMs] of businessRangesFrom(calendarIndexOf(calendar), epochMs)) {
      if (rangeStartMs > epochMs) return rangeStartMs;
      if (rangeEndMs > epochMs) return rangeEndMs;
    }
  } catch (error) {
    if (error instanceof NoBusinessTimeError) return null;
    throw error;
  }
  return null;
}

/**
 * Business ranges `[start, end)` with `end > fromMs`, in instant order, adjacent ranges merged.
 * Ranges of neighbouring dates can interleave around a transition at midnight, so a range is only
 * yielded once no later date can hold an earlier one.
 */
function* businessRangesFrom(index: CalendarIndex, fromMs: number): Generator<[number, number]> {
  if (!index.hasWeeklyHours) {
    throw new NoBusinessTimeError('the calendar has no business hours on any weekday');
  }
  const pending: [number, number][] = [];
  let emptyDays = 0;
  let held: [number, number] | null = null;
  for (let day = firstCandidateDay(fromMs); ; day++) {
    const ranges = businessRangesOfDay(index, day);
    for (let i = 0; i < ranges.length; i += 2) {
      const endMs = ranges[i + 1] as number;
      if (endMs > fromMs) pending.push([ranges[i] as number, endMs]);
    }
    // Only dates after the last holiday count: before it, holidays alone can close many weeks.
    emptyDays = ranges.length === 0 && day > index.lastHolidayDay ? emptyDays + 1 : 0;
    if (emptyDays > emptyDaysBeforeGivingUp && pending.length === 0) {
      if (held !== null) {
        yield held;
        held = null;
      }
      throw new NoBusinessTimeError(
        'the calendar has no business time after the last holiday; check its weekly hours and holidays',
      );
    }
    // Every range of a later date starts after (day + 1) local midnight minus the largest offset.
    const safeBeforeMs = (day + 1) * dayMs - dayMs;
    pending.sort((a, b) => a[0] - b[0]);
    while (pending.length > 0 && (pending[0] as [number, number])[0] < safeBeforeMs) {
      const range = pending.shift() as [number, number];
      if (held !== null && range[0] <= held[1]) {
        held[1] = Math.max(held[1], range[1]);
        continue;
      }
      if (held !== null) yield held;
      held = range;
    }
  }
}
