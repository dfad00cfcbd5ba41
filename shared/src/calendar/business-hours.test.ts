import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { nineToFive, weekdaysNineToFive } from '../testing/office-calendar.js';
import {
  referenceAddBusinessTime,
  referenceBusinessTimeBetween,
  referenceIsBusinessMinute,
} from './brute-force-business-time.js';
import {
  addBusinessTime,
  businessTimeBetween,
  InvalidBusinessTimeInputError,
  isBusinessTime,
  NoBusinessTimeError,
  nextBusinessBoundaryAfter,
} from './business-hours.js';
import { InvalidCalendarError } from './business-ranges.js';
import type { BusinessCalendar, Interval, Week } from './calendar-schema.js';
import { weekdays } from './calendar-schema.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const emptyWeek: Week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

function allWeekCalendar(timeZone: string, intervals: Interval[], holidays: string[] = []): BusinessCalendar {
  const week = Object.fromEntries(weekdays.map((weekday) => [weekday, intervals])) as Week;
  return { timeZone, week, holidays };
}

/** The instant of a local wall-clock time; `later` picks the second of a repeated time. */
function at(timeZone: string, local: string, disambiguation: 'earlier' | 'later' = 'earlier'): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone, { disambiguation }).epochMilliseconds;
}

describe('businessTimeBetween and addBusinessTime, fixed examples', () => {
  const newYork = weekdaysNineToFive('America/New_York', ['2026-11-26']);

  it('skips the weekend when the window starts Friday 16:00', () => {
    const friday = at('America/New_York', '2026-11-20T16:00');
    expect(addBusinessTime(friday, 2 * hourMs, newYork)).toBe(at('America/New_York', '2026-11-23T10:00'));
    expect(businessTimeBetween(friday, at('America/New_York', '2026-11-23T10:00'), newYork)).toBe(2 * hourMs);
  });

  it('ends at Friday 17:00 when the window fills up exactly at closing', () => {
    const friday = at('America/New_York', '2026-11-20T15:00');
    expect(addBusinessTime(friday, 2 * hourMs, newYork)).toBe(at('America/New_York', '2026-11-20T17:00'));
  });

  it('returns the start for a zero duration, even outside business hours', () => {
    const saturday = at('America/New_York', '2026-11-21T03:17');
    expect(addBusinessTime(saturday, 0, newYork)).toBe(saturday);
  });

  it('starts counting at opening when the window starts outside business hours', () => {
    const early = at('America/New_York', '2026-11-23T06:00');
    expect(addBusinessTime(early, 30 * minuteMs, newYork)).toBe(at('America/New_York', '2026-11-23T09:30'));
  });

  it('skips a holiday', () => {
    const wednesday = at('America/New_York', '2026-11-25T16:00');
    expect(addBusinessTime(wednesday, 2 * hourMs, newYork)).toBe(at('America/New_York', '2026-11-27T10:00'));
    const thanksgivingNoon = at('America/New_York', '2026-11-26T12:00');
    expect(isBusinessTime(thanksgivingNoon, newYork)).toBe(false);
  });

  it('counts both parts of a split shift and skips the lunch break', () => {
    const split: BusinessCalendar = {
      timeZone: 'Europe/Paris',
      week: {
        ...emptyWeek,
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      holidays: [],
    };
    const monday = at('Europe/Paris', '2026-06-01T11:00');
    expect(addBusinessTime(monday, 2 * hourMs, split)).toBe(at('Europe/Paris', '2026-06-01T14:00'));
    expect(
      businessTimeBetween(
        at('Europe/Paris', '2026-06-01T00:00'),
        at('Europe/Paris', '2026-06-02T00:00'),
        split,
      ),
    ).toBe(7 * hourMs);
    expect(nextBusinessBoundaryAfter(monday, split)).toBe(at('Europe/Paris', '2026-06-01T12:00'));
    expect(nextBusinessBoundaryAfter(at('Europe/Paris', '2026-06-01T12:00'), split)).toBe(
      at('Europe/Paris', '2026-06-01T13:00'),
    );
  });

  it('runs through midnight when a day ends at 24:00 and the next starts at 00:00', () => {
    const weekend: BusinessCalendar = {
      timeZone: 'Asia/Tokyo',
      week: {
        ...emptyWeek,
        sat: [{ start: '22:00', end: '24:00' }],
        sun: [{ start: '00:00', end: '02:00' }],
      },
      holidays: [],
    };
    const saturday = at('Asia/Tokyo', '2026-11-21T23:00');
    expect(addBusinessTime(saturday, 2 * hourMs, weekend)).toBe(at('Asia/Tokyo', '2026-11-22T01:00'));
    expect(nextBusinessBoundaryAfter(saturday, weekend)).toBe(at('Asia/Tokyo', '2026-11-22T02:00'));
  });

  it('never counts the hour skipped by spring-forward in New York', () => {
    const sundays = allWeekCalendar('America/New_York', [{ start: '01:00', end: '04:00' }]);
    const day = (date: string) =>
      businessTimeBetween(
        at('America/New_York', `${date}T00:00`),
        at('America/New_York', `${date}T12:00`),
        sundays,
      );
    expect(day('2026-03-08')).toBe(2 * hourMs);
    expect(day('2026-03-15')).toBe(3 * hourMs);
    const inGap = allWeekCalendar('America/New_York', [{ start: '02:00', end: '03:00' }]);
    expect(
      businessTimeBetween(
        at('America/New_York', '2026-03-08T00:00'),
        at('America/New_York', '2026-03-09T00:00'),
        inGap,
      ),
    ).toBe(0);
    const wholeDay = allWeekCalendar('America/New_York', [{ start: '00:00', end: '24:00' }]);
    expect(
      businessTimeBetween(
        at('America/New_York', '2026-03-08T00:00'),
        at('America/New_York', '2026-03-09T00:00'),
        wholeDay,
      ),
    ).toBe(23 * hourMs);
  });

  it('counts the hour repeated by fall-back in New York twice', () => {
    const early = allWeekCalendar('America/New_York', [{ start: '01:00', end: '02:00' }]);
    const firstOne = at('America/New_York', '2026-11-01T01:00', 'earlier');
    const secondOneThirty = at('America/New_York', '2026-11-01T01:30', 'later');
    expect(addBusinessTime(firstOne, 90 * minuteMs, early)).toBe(secondOneThirty);
    expect(
      businessTimeBetween(
        at('America/New_York', '2026-11-01T00:00'),
        at('America/New_York', '2026-11-02T00:00'),
        early,
      ),
    ).toBe(2 * hourMs);
    const wholeDay = allWeekCalendar('America/New_York', [{ start: '00:00', end: '24:00' }]);
    expect(
      businessTimeBetween(
        at('America/New_York', '2026-11-01T00:00'),
        at('America/New_York', '2026-11-02T00:00'),
        wholeDay,
      ),
    ).toBe(25 * hourMs);
  });

  it('follows the southern hemisphere: Sydney repeats 02:00 in April and skips it in October', () => {
    const night = allWeekCalendar('Australia/Sydney', [{ start: '01:00', end: '04:00' }]);
    const window = (date: string) =>
      businessTimeBetween(
        at('Australia/Sydney', `${date}T00:00`),
        at('Australia/Sydney', `${date}T12:00`),
        night,
      );
    expect(window('2026-04-05')).toBe(4 * hourMs);
    expect(window('2026-10-04')).toBe(2 * hourMs);
    expect(window('2026-07-05')).toBe(3 * hourMs);
  });

  it('keeps half- and three-quarter-hour offsets exact in Kolkata and Kathmandu', () => {
    for (const timeZone of ['Asia/Kolkata', 'Asia/Kathmandu']) {
      const calendar = weekdaysNineToFive(timeZone);
      const monday = at(timeZone, '2026-11-23T16:15');
      expect(addBusinessTime(monday, hourMs, calendar)).toBe(at(timeZone, '2026-11-24T09:15'));
    }
  });
});

describe('business time input errors', () => {
  const calendar = weekdaysNineToFive('UTC');
  const start = Date.UTC(2026, 10, 23, 10);

  it('rejects NaN, infinite instants and negative durations with a named error', () => {
    expect(() => businessTimeBetween(Number.NaN, start, calendar)).toThrow(InvalidBusinessTimeInputError);
    expect(() => businessTimeBetween(start, Number.POSITIVE_INFINITY, calendar)).toThrow(
      InvalidBusinessTimeInputError,
    );
    expect(() => addBusinessTime(start, -1, calendar)).toThrow(InvalidBusinessTimeInputError);
    expect(() => addBusinessTime(start, Number.NaN, calendar)).toThrow(InvalidBusinessTimeInputError);
    expect(() => addBusinessTime(Number.NaN, hourMs, calendar)).toThrow(InvalidBusinessTimeInputError);
    // The calendar is still usable after the rejected calls.
    expect(addBusinessTime(start, hourMs, calendar)).toBe(start + hourMs);
  });

  it('measures an empty window when the end is not after the start', () => {
    expect(businessTimeBetween(start, start, calendar)).toBe(0);
    expect(businessTimeBetween(start + hourMs, start, calendar)).toBe(0);
  });

  it('throws NoBusinessTimeError instead of searching forever when there are no weekly hours', () => {
    const closed: BusinessCalendar = { timeZone: 'UTC', week: emptyWeek, holidays: [] };
    expect(() => addBusinessTime(start, hourMs, closed)).toThrow(NoBusinessTimeError);
    expect(businessTimeBetween(start, start + 7 * 24 * hourMs, closed)).toBe(0);
    expect(nextBusinessBoundaryAfter(start, closed)).toBeNull();
    expect(addBusinessTime(start, 0, closed)).toBe(start);
  });

  it('finds no boundary in a round-the-clock calendar, across DST, and closes at its next holiday', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const week = {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    };
    const open: BusinessCalendar = { timeZone: 'America/New_York', week, holidays: [] };
    expect(nextBusinessBoundaryAfter(at('America/New_York', '2026-03-07T12:00'), open)).toBeNull();
    expect(nextBusinessBoundaryAfter(at('America/New_York', '2026-10-31T12:00'), open)).toBeNull();
    const withHoliday: BusinessCalendar = { ...open, holidays: ['2026-12-25'] };
    expect(nextBusinessBoundaryAfter(at('America/New_York', '2026-12-01T12:00'), withHoliday)).toBe(
      at('America/New_York', '2026-12-25T00:00'),
    );
  });

  it('throws NoBusinessTimeError when business time runs out after the holidays', () => {
    const mondaysOnly: BusinessCalendar = {
      timeZone: 'UTC',
      week: { ...emptyWeek, mon: nineToFive },
      holidays: ['2026-11-23', '2026-11-30'],
    };
    // Business time resumes after the holidays: Monday 7 December.
    expect(addBusinessTime(start, hourMs, mondaysOnly)).toBe(Date.UTC(2026, 11, 7, 10));
    const oneHourTotal: BusinessCalendar = {
      timeZone: 'UTC',
      week: { ...emptyWeek, mon: [{ start: '09:00', end: '10:00' }] },
      holidays: [],
    };
    // A duration longer than any week still ends: weekly hours repeat forever.
    expect(addBusinessTime(start, 3 * hourMs, oneHourTotal)).toBe(Date.UTC(2026, 11, 14, 10));
  });

  it('rejects an invalid calendar with a clear error', () => {
    const reversed = {
      timeZone: 'UTC',
      week: { ...emptyWeek, mon: [{ start: '17:00', end: '09:00' }] },
      holidays: [],
    } as BusinessCalendar;
    expect(() => addBusinessTime(start, hourMs, reversed)).toThrow(/after its start/);
    const unknownZone = { ...calendar, timeZone: 'Mars/Olympus' };
    expect(() => businessTimeBetween(start, start + hourMs, unknownZone)).toThrow(InvalidCalendarError);
  });
});

// Property tests against the minute-stepping reference, which reads wall clocks through Intl.

const zones = [
  'America/New_York',
  'America/Santiago',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'UTC',
];

function transitionsIn2026(timeZone: string): number[] {
  const transitions: number[] = [];
  let current = Temporal.Instant.fromEpochMilliseconds(Date.UTC(2026, 0, 1)).toZonedDateTimeISO(timeZone);
  for (;;) {
    const next = current.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds >= Date.UTC(2027, 0, 1)) return transitions;
    transitions.push(next.epochMilliseconds);
    current = next;
  }
}

const quarterHour = fc.integer({ min: 0, max: 96 }).map((quarters) => quarters * 15);

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Zero to three ordered, non-overlapping intervals on quarter hours, possibly ending at 24:00. */
const dayIntervals = fc.uniqueArray(quarterHour, { minLength: 0, maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const intervals: Interval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    intervals.push({
      start: formatMinutes(sorted[i] as number),
      end: formatMinutes(sorted[i + 1] as number),
    });
  }
  return intervals;
});

const dayIntervalsOnOpenDays: fc.Arbitrary<Interval[]> = fc.oneof(
  dayIntervals,
  fc.constant(nineToFive),
  fc.constant<Interval[]>([
    { start: '00:00', end: '03:00' },
    { start: '22:00', end: '24:00' },
  ]),
);

function arbitraryCalendar(timeZone: string, nearMs: number): fc.Arbitrary<BusinessCalendar> {
  const nearDay = Math.floor(nearMs / 86_400_000);
  const holiday = fc
    .integer({ min: -3, max: 5 })
    .map((delta) => new Date((nearDay + delta) * 86_400_000).toISOString().slice(0, 10));
  return fc.record({
    timeZone: fc.constant(timeZone),
    week: fc.record({
      mon: dayIntervalsOnOpenDays,
      tue: dayIntervalsOnOpenDays,
      wed: dayIntervalsOnOpenDays,
      thu: dayIntervalsOnOpenDays,
      fri: dayIntervalsOnOpenDays,
      sat: dayIntervalsOnOpenDays,
      sun: dayIntervalsOnOpenDays,
    }),
    holidays: fc.uniqueArray(holiday, { maxLength: 3 }),
  });
}

/** A zone, a minute-aligned instant within four days of one of its 2026 transitions (or any 2026 day). */
const zoneAndAnchor = fc.constantFrom(...zones).chain((timeZone) => {
  const anchors = transitionsIn2026(timeZone);
  const anchor =
    anchors.length > 0
      ? fc.constantFrom(...anchors)
      : fc.integer({ min: 0, max: 364 }).map((day) => Date.UTC(2026, 0, 1) + day * 86_400_000);
  return fc.tuple(fc.constant(timeZone), anchor);
});

const scenario = zoneAndAnchor.chain(([timeZone, anchorMs]) =>
  fc.record({
    calendar: arbitraryCalendar(timeZone, anchorMs),
    startMs: fc
      .integer({ min: -4 * 24 * 60, max: 2 * 24 * 60 })
      .map((minutes) => anchorMs + minutes * minuteMs),
    spanMinutes: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  }),
);

describe('business time agrees with the minute-stepping reference', () => {
  it('has a 2026 transition list for every zone with daylight saving time', () => {
    expect(transitionsIn2026('America/New_York')).toHaveLength(2);
    expect(transitionsIn2026('Australia/Lord_Howe')).toHaveLength(2);
    expect(transitionsIn2026('Asia/Kolkata')).toHaveLength(0);
  });

  it('measures the same business time as the reference across DST transitions, holidays and split shifts', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, startMs, spanMinutes }) => {
        const endMs = startMs + spanMinutes * minuteMs;
        expect(businessTimeBetween(startMs, endMs, calendar)).toBe(
          referenceBusinessTimeBetween(startMs, endMs, calendar),
        );
      }),
      { seed: 20261122, numRuns: 120 },
    );
  }, 60_000);

  it('finds the same deadline as the reference', () => {
    const withHours = scenario.filter(({ calendar }) =>
      weekdays.some((weekday) => calendar.week[weekday].length > 0),
    );
    fc.assert(
      fc.property(withHours, fc.integer({ min: 0, max: 3 * 8 * 60 }), ({ calendar, startMs }, minutes) => {
        expect(addBusinessTime(startMs, minutes * minuteMs, calendar)).toBe(
          referenceAddBusinessTime(startMs, minutes * minuteMs, calendar),
        );
      }),
      { seed: 4242, numRuns: 120 },
    );
  }, 60_000);

  it('matches the reference minute by minute over a day around every 2026 transition of every zone', () => {
    const calendars = (timeZone: string): BusinessCalendar[] => [
      allWeekCalendar(timeZone, [{ start: '00:00', end: '24:00' }]),
      allWeekCalendar(timeZone, [
        { start: '00:30', end: '02:30' },
        { start: '03:00', end: '04:00' },
        { start: '23:00', end: '24:00' },
      ]),
      weekdaysNineToFive(timeZone),
    ];
    let checkedTransitions = 0;
    for (const timeZone of zones) {
      for (const transitionMs of transitionsIn2026(timeZone)) {
        checkedTransitions++;
        for (const calendar of calendars(timeZone)) {
          const fromMs = transitionMs - 18 * hourMs;
          for (
            let minuteStartMs = fromMs;
            minuteStartMs < transitionMs + 18 * hourMs;
            minuteStartMs += 15 * minuteMs
          ) {
            expect(isBusinessTime(minuteStartMs, calendar)).toBe(
              referenceIsBusinessMinute(minuteStartMs, calendar),
            );
          }
          const toMs = transitionMs + 30 * hourMs;
          expect(businessTimeBetween(fromMs, toMs, calendar)).toBe(
            referenceBusinessTimeBetween(fromMs, toMs, calendar),
          );
        }
      }
    }
    // New York, Santiago, London, Sydney, Lord Howe and Chatham each change twice in 2026.
    expect(checkedTransitions).toBe(12);
  }, 60_000);
});

describe('business time algebra', () => {
  const algebraScenario = scenario.chain((base) =>
    fc.record({
      base: fc.constant(base),
      splitMinutes: fc.integer({ min: 0, max: base.spanMinutes }),
      durationMs: fc.integer({ min: 0, max: 30 * hourMs }),
    }),
  );

  it('is additive over any split point', () => {
    fc.assert(
      fc.property(algebraScenario, ({ base, splitMinutes }) => {
        const { calendar, startMs, spanMinutes } = base;
        const splitMs = startMs + splitMinutes * minuteMs + 17;
        const endMs = startMs + spanMinutes * minuteMs;
        if (splitMs > endMs) return;
        expect(businessTimeBetween(startMs, endMs, calendar)).toBe(
          businessTimeBetween(startMs, splitMs, calendar) + businessTimeBetween(splitMs, endMs, calendar),
        );
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('measures back exactly the duration it added, and no earlier instant would do', () => {
    fc.assert(
      fc.property(algebraScenario, ({ base, durationMs }) => {
        const { calendar, startMs } = base;
        if (!weekdays.some((weekday) => calendar.week[weekday].length > 0)) return;
        const deadlineMs = addBusinessTime(startMs, durationMs, calendar);
        expect(deadlineMs).toBeGreaterThanOrEqual(startMs);
        expect(businessTimeBetween(startMs, deadlineMs, calendar)).toBe(durationMs);
        if (durationMs > 0)
          expect(businessTimeBetween(startMs, deadlineMs - 1, calendar)).toBeLessThan(durationMs);
      }),
      { seed: 99, numRuns: 400 },
    );
  });

  it('reports a next boundary where business time really flips', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, startMs }) => {
        const boundaryMs = nextBusinessBoundaryAfter(startMs, calendar);
        if (boundaryMs === null) return;
        expect(boundaryMs).toBeGreaterThan(startMs);
        const isOpen = isBusinessTime(startMs, calendar);
        expect(isBusinessTime(boundaryMs - 1, calendar)).toBe(isOpen);
        expect(isBusinessTime(boundaryMs, calendar)).toBe(!isOpen);
      }),
      { seed: 31, numRuns: 300 },
    );
  });
});
