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
  const cursor = new BusinessRangeCursor(calendarIndexOf(calendar), startMs);
  let remainingMs = durationMs;
  for (;;) {
    cursor.advance();
    const fromMs = Math.max(cursor.startMs, startMs);
    const availableMs = cursor.endMs - fromMs;
    if (availableMs >= remainingMs) return fromMs + remainingMs;
    remainingMs -= availableMs;
  }
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
 * The next instant after `epochMs` where business time opens or closes, or null if it never will
 * (business time has run out for good, or the calendar is open round the clock from here on). Lets a live clock know when "outside business hours" next flips. Ranges
 * that touch (a day ending at 24:00 and the next starting at 00:00) are one stretch.
 */
export function nextBusinessBoundaryAfter(epochMs: number, calendar: BusinessCalendar): number | null {
  requireInstant(epochMs, 'epochMs');
  try {
    const index = calendarIndexOf(calendar);
    const cursor = new BusinessRangeCursor(index, epochMs);
    cursor.advance();
    if (cursor.startMs > epochMs) return cursor.startMs;
    let boundaryMs = cursor.endMs;
    // Past the last holiday the calendar repeats every week, so a stretch that stays open for
    // more than a week from there never closes (a round-the-clock calendar).
    const openForGoodAfterMs = Math.max(epochMs, (index.lastHolidayDay + 1) * dayMs) + 8 * dayMs;
    for (;;) {
      if (boundaryMs > openForGoodAfterMs) return null;
      cursor.advance();
      if (cursor.startMs > boundaryMs) return boundaryMs;
      boundaryMs = Math.max(boundaryMs, cursor.endMs);
    }
  } catch (error) {
    if (error instanceof NoBusinessTimeError) return null;
    throw error;
  }
}

/**
 * Walks business ranges `[startMs, endMs)` with `endMs > fromMs` in instant order; `advance()`
 * moves to the next one and throws `NoBusinessTimeError` when there is none. Ranges of
 * neighbouring dates can interleave around a transition at midnight, so a range is only produced
 * once no later date can hold an earlier one. A class rather than a generator: this is the hot
 * path of every deadline, and it allocates nothing per range.
 */
class BusinessRangeCursor {
  startMs = 0;
  endMs = 0;
  /** Flat [start, end, ...] pairs loaded but not yet produced, sorted by start from `head`. */
  private readonly pending: number[] = [];
  private head = 0;
  private nextDay: number;
  private emptyDays = 0;

  constructor(
    private readonly index: CalendarIndex,
    private readonly fromMs: number,
  ) {
    if (!index.hasWeeklyHours) {
      throw new NoBusinessTimeError('the calendar has no business hours on any weekday');
    }
    this.nextDay = firstCandidateDay(fromMs);
  }

  advance(): void {
    for (;;) {
      // Every range of a date not yet loaded starts after (nextDay × day) − one day.
      const safeBeforeMs = (this.nextDay - 1) * dayMs;
      if (this.head < this.pending.length && (this.pending[this.head] as number) < safeBeforeMs) {
        this.startMs = this.pending[this.head] as number;
        this.endMs = this.pending[this.head + 1] as number;
        this.head += 2;
        return;
      }
      this.loadDay();
    }
  }

  private loadDay(): void {
    const day = this.nextDay++;
    const ranges = businessRangesOfDay(this.index, day);
    // Only dates after the last holiday count: before it, holidays alone can close many weeks.
    this.emptyDays = ranges.length === 0 && day > this.index.lastHolidayDay ? this.emptyDays + 1 : 0;
    if (this.emptyDays > emptyDaysBeforeGivingUp && this.head >= this.pending.length) {
      throw new NoBusinessTimeError(
        'the calendar has no business time after the last holiday; check its weekly hours and holidays',
      );
    }
    if (this.head >= this.pending.length) {
      this.pending.length = 0;
      this.head = 0;
    }
    let isSorted = true;
    for (let i = 0; i < ranges.length; i += 2) {
      const endMs = ranges[i + 1] as number;
      if (endMs <= this.fromMs) continue;
      const startMs = ranges[i] as number;
      const last = this.pending.length - 2;
      if (last >= this.head && (this.pending[last] as number) > startMs) isSorted = false;
      this.pending.push(startMs, endMs);
    }
    if (!isSorted) this.sortPending();
  }

  private sortPending(): void {
    const pairs: [number, number][] = [];
    for (let i = this.head; i < this.pending.length; i += 2) {
      pairs.push([this.pending[i] as number, this.pending[i + 1] as number]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    this.pending.length = 0;
    this.head = 0;
    for (const [startMs, endMs] of pairs) this.pending.push(startMs, endMs);
  }
}
