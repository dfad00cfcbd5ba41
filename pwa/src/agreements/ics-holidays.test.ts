import { describe, expect, it } from 'vitest';
import { importIcsHolidays } from './ics-holidays';

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261225',
  'SUMMARY:Christmas Day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20260704T000000Z',
  'SUMMARY:Independence',
  '  Day', // a folded line: the first space is the fold marker
  'RRULE:FREQ=YEARLY',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'SUMMARY:No date at all',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260230',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('ICS holiday import', () => {
  it('reads all-day and timed events, unfolds lines and expands yearly ones', () => {
    const result = importIcsHolidays(ics, [2026, 2027]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.holidays).toEqual([
      { date: '2026-07-04', name: 'Independence Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2027-07-04', name: 'Independence Day' },
    ]);
    expect(result.skipped).toBe(2);
  });

  it('refuses a file that is not iCalendar', () => {
    expect(importIcsHolidays('date,name\n2026-12-25,Christmas')).toMatchObject({
      ok: false,
      code: 'not_ics',
    });
  });
});
