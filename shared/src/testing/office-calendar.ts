import type { BusinessCalendar, CalendarDefinition } from '../calendar/calendar-schema.js';

/** Test-only (kept out of dist): the weekday office calendar most tests of clocks and measures use. */

export const nineToFive = [{ start: '09:00', end: '17:00' }];

/** Monday to Friday 09:00–17:00 in `timeZone`, weekends closed. */
export function weekdaysNineToFive(timeZone: string, holidays: string[] = []): BusinessCalendar {
  return {
    timeZone,
    week: {
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: [],
      sun: [],
    },
    holidays,
  };
}

/** The same hours as an agreement's calendar `office`. */
export function officeCalendar(
  timeZone: string,
  holidays: string[] = [],
  { version = 1, name = 'Office hours' }: { version?: number; name?: string } = {},
): CalendarDefinition {
  return { id: 'office', name, version, ...weekdaysNineToFive(timeZone, holidays) };
}
