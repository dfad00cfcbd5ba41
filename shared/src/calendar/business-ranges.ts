import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from './calendar-schema.js';
import { businessCalendarSchema, minutesOfDay, weekdays } from './calendar-schema.js';
import { dayMs, dayNumberOf, weekdayIndexOf } from './local-date.js';

/**
 * Each local date's business time as ranges of real instants, computed once per calendar object
 * and date. The zone's offsets and transitions come from Temporal; within a stretch of constant
 * offset, local wall-clock time is the instant plus that offset, so a day's wall-clock interval maps
 * to instants piece by piece. A wall-clock time skipped by a spring-forward gap maps to no instant;
 * one repeated by a fall-back maps to two. Calendars are treated as immutable values: an edited
 * calendar is a new object with a fresh cache.
 */

/** A zone's offsets are always under a day, so a local date's instants lie within a day of it. */
const offsetBoundMs = dayMs;
/** Offset stretches are fetched per year, with enough margin to cover any date of that year. */
const yearMarginMs = 3 * dayMs;

export class InvalidCalendarError extends Error {
  override name = 'InvalidCalendarError';
}

interface OffsetStretch {
  readonly startMs: number;
  readonly endMs: number;
  readonly offsetMs: number;
}

export interface CalendarIndex {
  readonly calendar: BusinessCalendar;
  /** Per weekday (0 = Monday), flat [startMs, endMs, ...] from local midnight. */
  readonly weekIntervalsMs: readonly (readonly number[])[];
  readonly holidayDays: ReadonlySet<number>;
  /** The last holiday's day number, or -Infinity; past it, a week without business time is final. */
  readonly lastHolidayDay: number;
  readonly hasWeeklyHours: boolean;
  readonly rangesByDay: Map<number, readonly number[]>;
  readonly stretchesByYear: Map<number, readonly OffsetStretch[]>;
}

const indexes = new WeakMap<BusinessCalendar, CalendarIndex>();

export function calendarIndexOf(calendar: BusinessCalendar): CalendarIndex {
  const cached = indexes.get(calendar);
  if (cached !== undefined) return cached;
  const index = buildIndex(calendar);
  indexes.set(calendar, index);
  return index;
}

function buildIndex(calendar: BusinessCalendar): CalendarIndex {
  const parsed = businessCalendarSchema.safeParse(calendar);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InvalidCalendarError(`invalid business calendar: ${details.join('; ')}`);
  }
  const weekIntervalsMs = weekdays.map((weekday) =>
    calendar.week[weekday].flatMap((interval) => [
      minutesOfDay(interval.start) * 60_000,
      minutesOfDay(interval.end) * 60_000,
    ]),
  );
  const holidayDays = new Set(calendar.holidays.map(dayNumberOf));
  return {
    calendar,
    weekIntervalsMs,
    holidayDays,
    lastHolidayDay: holidayDays.size === 0 ? Number.NEGATIVE_INFINITY : Math.max(...holidayDays),
    hasWeeklyHours: weekIntervalsMs.some((intervals) => intervals.length > 0),
    rangesByDay: new Map(),
    stretchesByYear: new Map(),
  };
}

/** Business time of one local date as sorted, disjoint instant ranges, flat [startMs, endMs, ...]. */
export function businessRangesOfDay(index: CalendarIndex, dayNumber: number): readonly number[] {
  const cached = index.rangesByDay.get(dayNumber);
  if (cached !== undefined) return cached;
  const ranges = computeRanges(index, dayNumber);
  index.rangesByDay.set(dayNumber, ranges);
  return ranges;
}

function computeRanges(index: CalendarIndex, dayNumber: number): readonly number[] {
  const intervals = index.weekIntervalsMs[weekdayIndexOf(dayNumber)] ?? [];
  if (intervals.length === 0 || index.holidayDays.has(dayNumber)) return [];
  const localMidnightMs = dayNumber * dayMs;
  const stretches = stretchesAround(index, localMidnightMs);
  const ranges: number[] = [];
  for (let i = 0; i < intervals.length; i += 2) {
    const wallStartMs = localMidnightMs + (intervals[i] as number);
    const wallEndMs = localMidnightMs + (intervals[i + 1] as number);
    for (const stretch of stretches) {
      const fromMs = Math.max(stretch.startMs + stretch.offsetMs, wallStartMs);
      const toMs = Math.min(stretch.endMs + stretch.offsetMs, wallEndMs);
      if (fromMs < toMs) appendRange(ranges, fromMs - stretch.offsetMs, toMs - stretch.offsetMs);
    }
  }
  return sortAndMerge(ranges);
}

function appendRange(ranges: number[], startMs: number, endMs: number): void {
  ranges.push(startMs, endMs);
}

function sortAndMerge(ranges: number[]): readonly number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [startMs, endMs] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && startMs <= (merged[last] as number)) {
      merged[last] = Math.max(merged[last] as number, endMs);
    } else {
      merged.push(startMs, endMs);
    }
  }
  return merged;
}

/** The offset stretches covering every instant whose local time can fall on this local date. */
function stretchesAround(index: CalendarIndex, localMidnightMs: number): readonly OffsetStretch[] {
  const fromMs = localMidnightMs - offsetBoundMs;
  const toMs = localMidnightMs + dayMs + offsetBoundMs;
  const year = new Date(localMidnightMs).getUTCFullYear();
  let stretches = index.stretchesByYear.get(year);
  if (stretches === undefined) {
    stretches = offsetStretches(
      index.calendar.timeZone,
      Date.UTC(year, 0, 1) - yearMarginMs,
      Date.UTC(year + 1, 0, 1) + yearMarginMs,
    );
    index.stretchesByYear.set(year, stretches);
  }
  return stretches.filter((stretch) => stretch.endMs > fromMs && stretch.startMs < toMs);
}

function offsetStretches(timeZone: string, fromMs: number, toMs: number): readonly OffsetStretch[] {
  const stretches: OffsetStretch[] = [];
  let current = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone);
  let startMs = fromMs;
  for (;;) {
    const offsetMs = current.offsetNanoseconds / 1e6;
    const next = current.getTimeZoneTransition('next');
    const nextMs = next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds;
    if (next === null || nextMs >= toMs) {
      stretches.push({ startMs, endMs: toMs, offsetMs });
      return stretches;
    }
    stretches.push({ startMs, endMs: nextMs, offsetMs });
    startMs = nextMs;
    current = next;
  }
}
