import { Temporal } from 'temporal-polyfill';

/**
 * Times as CRM exports write them. Reports are exported in the exporting user's locale and zone,
 * and say neither: Salesforce writes `3/5/2026 2:22 PM` (US) or `05/03/2026 14:22` (UK) or
 * `05.03.2026 14:22` (German), HubSpot `2026-03-05 14:22`. So a cell is read into its parts first
 * (`CrmTimeParts`), the order of day and month is settled per column once every cell has been seen
 * (a `13` in the first place means day-month for the whole column; when no cell decides, the person
 * importing is asked, never guessed for), and only then turned into an instant in the zone the
 * person importing names, through Temporal so that daylight-saving changes fall where they did.
 * A local time that did not exist (the hour skipped in spring) moves forward; one that happened
 * twice (autumn) is the earlier, as Temporal's `compatible` disambiguation does.
 */

export type DateOrder = 'mdy' | 'dmy' | 'ymd';

export const dateOrders: readonly DateOrder[] = ['mdy', 'dmy', 'ymd'];

export interface CrmTimeParts {
  /** How the date was written: year first (`2026-03-05`), year last with `/`, or with dots. */
  readonly form: 'year-first' | 'slash' | 'dot';
  /** The three numbers of the date in the order written. */
  readonly first: number;
  readonly second: number;
  readonly third: number;
  readonly hour: number;
  readonly minute: number;
  readonly second_: number;
  readonly millisecond: number;
  /** Minutes east of UTC when the cell says its offset (`Z`, `+02:00`), else undefined: local. */
  readonly offsetMinutes?: number;
}

const yearFirst =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const yearLast =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AP]\.?M\.?)?)?$/i;

/** The parts of a date cell, or null for text that is no date this importer reads. */
export function readCrmTime(text: string): CrmTimeParts | null {
  const cell = text.trim();
  const isoMatch = yearFirst.exec(cell);
  if (isoMatch) {
    const [, year, month, day, hour, minute, second, fraction, offset] = isoMatch;
    return {
      form: 'year-first',
      first: Number(year),
      second: Number(month),
      third: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second_: Number(second ?? 0),
      millisecond: fraction === undefined ? 0 : Number(fraction.padEnd(3, '0')),
      ...(offset === undefined ? {} : { offsetMinutes: offsetMinutesOf(offset) }),
    };
  }
  const localMatch = yearLast.exec(cell);
  if (!localMatch) return null;
  const [, a, separator, b, year, hour, minute, second, meridiem] = localMatch;
  let hours = Number(hour ?? 0);
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return null;
    const isPm = meridiem.toUpperCase().startsWith('P');
    hours = (hours % 12) + (isPm ? 12 : 0);
  }
  const fullYear = (year as string).length === 2 ? 2000 + Number(year) : Number(year);
  return {
    form: separator === '.' ? 'dot' : 'slash',
    first: Number(a),
    second: Number(b),
    third: fullYear,
    hour: hours,
    minute: Number(minute ?? 0),
    second_: Number(second ?? 0),
    millisecond: 0,
  };
}

function offsetMinutesOf(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

/**
 * What a column's cells say about the order of day and month in year-last dates: each cell either
 * decides (a number above 12 can only be a day) or fits both orders. Dotted dates are day-month in
 * every locale that writes them.
 */
export class DateOrderEvidence {
  private readonly seen = new Set<'mdy' | 'dmy'>();
  private ambiguousCount = 0;

  add(parts: CrmTimeParts): void {
    if (parts.form === 'year-first') return;
    if (parts.form === 'dot') {
      this.seen.add('dmy');
      return;
    }
    if (parts.first > 12) this.seen.add('dmy');
    else if (parts.second > 12) this.seen.add('mdy');
    else this.ambiguousCount++;
  }

  /**
   * The order the column's cells show: `ymd` when none is year-last, a single order when the cells
   * decide it, `ambiguous` when every year-last cell fits both, `mixed` when cells contradict.
   */
  order(): DateOrder | 'ambiguous' | 'mixed' {
    if (this.seen.size > 1) return 'mixed';
    const [only] = this.seen;
    if (only !== undefined) return only;
    return this.ambiguousCount > 0 ? 'ambiguous' : 'ymd';
  }
}

export class CrmTimeError extends Error {}

/**
 * The instant a cell's parts name, with year-last dates read in `order` and local times in
 * `timeZone`. Throws `CrmTimeError` for a date that does not exist (`2/30/2026`, month 13 in the
 * order given).
 */
export function crmTimeToEpochMs(parts: CrmTimeParts, order: DateOrder, timeZone: string): number {
  const [year, month, day] =
    parts.form === 'year-first'
      ? [parts.first, parts.second, parts.third]
      : parts.form === 'dot' || order === 'dmy'
        ? [parts.third, parts.second, parts.first]
        : order === 'mdy'
          ? [parts.third, parts.first, parts.second]
          : [Number.NaN, Number.NaN, Number.NaN];
  if (!Number.isFinite(year)) throw new CrmTimeError('a year-last date cannot be read year-month-day');
  let local: Temporal.PlainDateTime;
  try {
    local = Temporal.PlainDateTime.from(
      {
        year,
        month,
        day,
        hour: parts.hour,
        minute: parts.minute,
        second: parts.second_,
        millisecond: parts.millisecond,
      },
      { overflow: 'reject' },
    );
  } catch {
    throw new CrmTimeError(`there is no date ${year}-${pad(month)}-${pad(day)}`);
  }
  if (parts.offsetMinutes !== undefined) {
    return local.toZonedDateTime('UTC').epochMilliseconds - parts.offsetMinutes * 60_000;
  }
  return local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** `2026-W10`: the ISO week of the local date of an instant in a zone. */
export function isoWeekOf(epochMs: number, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return `${local.yearOfWeek}-W${pad(local.weekOfYear ?? 0)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
