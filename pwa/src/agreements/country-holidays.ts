/**
 * Public holidays per country from date-holidays. Its data for every country is large, so it is
 * loaded only when someone imports holidays.
 */
export type CountryHoliday = { date: string; name: string };

export async function listCountries(): Promise<{ code: string; name: string }[]> {
  const { default: Holidays } = await import('date-holidays');
  const countries = new Holidays().getCountries('en');
  return Object.entries(countries)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function publicHolidays(country: string, years: readonly number[]): Promise<CountryHoliday[]> {
  const { default: Holidays } = await import('date-holidays');
  const calendar = new Holidays(country);
  const out: CountryHoliday[] = [];
  for (const year of years) {
    for (const holiday of calendar.getHolidays(year, 'en') || []) {
      if (holiday.type !== 'public') continue;
      out.push({ date: holiday.date.slice(0, 10), name: holiday.name });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
