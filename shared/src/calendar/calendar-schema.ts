import { z } from 'zod';

/**
 * A business calendar: an IANA zone, local weekly intervals per weekday (split shifts allowed,
 * `end` may be `24:00`), and holidays as local dates. Intervals within a day must be ordered by
 * start and must not overlap; that is what makes "business time" a plain set of instants.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const timeOfDayPattern = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const timeOfDaySchema = z
  .string()
  .regex(timeOfDayPattern, 'time of day must be HH:MM between 00:00 and 24:00');

export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export const intervalSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((interval) => minutesOfDay(interval.start) < minutesOfDay(interval.end), {
    message: 'interval end must be after its start',
    path: ['end'],
  });
export type Interval = z.infer<typeof intervalSchema>;

const dayIntervalsSchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  for (let index = 1; index < intervals.length; index++) {
    const previous = intervals[index - 1] as Interval;
    const current = intervals[index] as Interval;
    if (minutesOfDay(current.start) < minutesOfDay(previous.end)) {
      ctx.addIssue({
        code: 'custom',
        message: `interval ${current.start}-${current.end} overlaps or precedes ${previous.start}-${previous.end}; list a day's intervals in order without overlap`,
        path: [index],
      });
    }
  }
});

export const weekSchema = z.object({
  mon: dayIntervalsSchema,
  tue: dayIntervalsSchema,
  wed: dayIntervalsSchema,
  thu: dayIntervalsSchema,
  fri: dayIntervalsSchema,
  sat: dayIntervalsSchema,
  sun: dayIntervalsSchema,
});
export type Week = z.infer<typeof weekSchema>;

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().refine(isKnownTimeZone, {
  message: 'unknown time zone: use an IANA name such as America/New_York',
});

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((date) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const probe = new Date(Date.UTC(year, month - 1, day));
    return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  }, 'not a real calendar date');

export const businessCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  week: weekSchema,
  holidays: z.array(localDateSchema),
});
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/** A calendar as stored in an agreement: named, and versioned so judged clocks keep their version. */
export const calendarDefinitionSchema = businessCalendarSchema.extend({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  version: z.number().int().nonnegative(),
});
export type CalendarDefinition = z.infer<typeof calendarDefinitionSchema>;
