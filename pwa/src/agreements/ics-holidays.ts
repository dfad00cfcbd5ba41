/**
 * Holidays from an iCalendar file: every VEVENT's start date (all-day `DTSTART;VALUE=DATE:20261225`
 * or a date-time, whose date part is taken as written). Yearly recurrences are expanded over
 * `years`. Lines that cannot be read are counted, not fatal; a file with no VCALENDAR is an error.
 */
export type IcsImport =
  | { ok: true; holidays: { date: string; name: string }[]; skipped: number }
  | { ok: false; code: 'not_ics'; message: string };

function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .replace(/\n[ \t]/g, '')
    .split(/\r?\n/);
}

function dateOf(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (probe.getUTCMonth() !== Number(month) - 1) return null;
  return `${year}-${month}-${day}`;
}

export function importIcsHolidays(text: string, years: readonly number[] = []): IcsImport {
  const lines = unfold(text);
  if (!lines.some((line) => line.trim().toUpperCase() === 'BEGIN:VCALENDAR')) {
    return { ok: false, code: 'not_ics', message: 'this file is not an iCalendar (.ics) file' };
  }
  const found = new Map<string, string>();
  let skipped = 0;
  let event: { start?: string | null; summary?: string; isYearly?: boolean } | null = null;
  for (const line of lines) {
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') event = {};
    else if (upper === 'END:VEVENT' && event) {
      if (event.start) {
        const name = event.summary ?? 'Holiday';
        found.set(event.start, name);
        if (event.isYearly) {
          for (const year of years) {
            const date = `${year}${event.start.slice(4)}`;
            if (dateOf(date.replace(/-/g, '')) === date && date > event.start) found.set(date, name);
          }
        }
      } else skipped += 1;
      event = null;
    } else if (event) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(';')[0]?.toUpperCase();
      const value = line.slice(colon + 1);
      if (name === 'DTSTART') event.start = dateOf(value);
      else if (name === 'SUMMARY') event.summary = value.replace(/\\,/g, ',').replace(/\\;/g, ';').trim();
      else if (name === 'RRULE') event.isYearly = /FREQ=YEARLY/i.test(value);
    }
  }
  const holidays = [...found.entries()]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, holidays, skipped };
}
