/**
 * Date formatters shared across renders: the overlay ticks every second for every clock, and
 * building an `Intl.DateTimeFormat` is far dearer than using one. Keyed by locale and options
 * (the time zone among them); a zone the runtime does not know still throws at construction.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Only a handful of zones and locales are in use on a page; past this many the cache starts over. */
const maxFormatters = 64;

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\n${JSON.stringify(options)}`;
  const cached = formatters.get(key);
  if (cached) return cached;
  const formatter = new Intl.DateTimeFormat(locale, options);
  if (formatters.size >= maxFormatters) formatters.clear();
  formatters.set(key, formatter);
  return formatter;
}
