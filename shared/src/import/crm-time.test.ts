import { describe, expect, it } from 'vitest';
import { CrmTimeError, crmTimeToEpochMs, DateOrderEvidence, isoWeekOf, readCrmTime } from './crm-time.js';

function instant(text: string, order: 'mdy' | 'dmy' | 'ymd', zone: string): string {
  const parts = readCrmTime(text);
  if (parts === null) throw new Error(`unread: ${text}`);
  return new Date(crmTimeToEpochMs(parts, order, zone)).toISOString();
}

describe('times as CRM exports write them', () => {
  it('reads the locale forms the issue names, in the zone of the person exporting', () => {
    expect(instant('3/5/2026, 2:22 PM', 'mdy', 'America/New_York')).toBe('2026-03-05T19:22:00.000Z');
    expect(instant('3/5/2026 2:22 PM', 'mdy', 'America/New_York')).toBe('2026-03-05T19:22:00.000Z');
    expect(instant('05.03.2026 14:22', 'mdy', 'Europe/Berlin')).toBe('2026-03-05T13:22:00.000Z');
    expect(instant('2026-03-05 14:22', 'ymd', 'Europe/London')).toBe('2026-03-05T14:22:00.000Z');
    expect(instant('05/03/2026 14:22', 'dmy', 'Europe/London')).toBe('2026-03-05T14:22:00.000Z');
    expect(instant('12/1/2026 12:05 AM', 'mdy', 'UTC')).toBe('2026-12-01T00:05:00.000Z');
    expect(instant('12/1/2026 12:05 PM', 'mdy', 'UTC')).toBe('2026-12-01T12:05:00.000Z');
    expect(instant('3/5/2026', 'mdy', 'UTC')).toBe('2026-03-05T00:00:00.000Z');
  });

  it('keeps an offset the cell states, whatever zone is named', () => {
    expect(instant('2026-03-05T14:22:00Z', 'ymd', 'Asia/Tokyo')).toBe('2026-03-05T14:22:00.000Z');
    expect(instant('2026-03-05T14:22:00.250+02:00', 'ymd', 'Asia/Tokyo')).toBe('2026-03-05T12:22:00.250Z');
  });

  it('puts daylight-saving changes where they fell: a skipped hour moves forward, a repeated one is the first', () => {
    // 2026-03-08 02:30 does not exist in New York; 2026-11-01 01:30 happened twice.
    expect(instant('3/8/2026 2:30 AM', 'mdy', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(instant('11/1/2026 1:30 AM', 'mdy', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(instant('3/7/2026 2:30 AM', 'mdy', 'America/New_York')).toBe('2026-03-07T07:30:00.000Z');
  });

  it('refuses what is no date, and dates that do not exist', () => {
    for (const text of ['', 'tomorrow', '13:00', '2026-03', '3/5', '=NOW()', '13/1/2026 13:00 PM']) {
      expect(readCrmTime(text), text).toBeNull();
    }
    const february30 = readCrmTime('2/30/2026');
    expect(february30).not.toBeNull();
    expect(() => crmTimeToEpochMs(february30!, 'mdy', 'UTC')).toThrow(CrmTimeError);
  });

  it('settles day and month per column: one cell over 12 decides, none leaves the question open', () => {
    const column = (cells: string[]) => {
      const evidence = new DateOrderEvidence();
      for (const cell of cells) evidence.add(readCrmTime(cell)!);
      return evidence.order();
    };
    expect(column(['3/5/2026', '4/6/2026'])).toBe('ambiguous');
    expect(column(['3/5/2026', '13/6/2026'])).toBe('dmy');
    expect(column(['3/5/2026', '6/13/2026'])).toBe('mdy');
    expect(column(['13/5/2026', '6/13/2026'])).toBe('mixed');
    expect(column(['05.03.2026 14:22'])).toBe('dmy');
    expect(column(['2026-03-05 14:22'])).toBe('ymd');
  });

  it('names the ISO week of the local date', () => {
    // Sunday 2026-03-08 23:30 in New York is Monday 04:30 UTC: still week 10 locally.
    expect(isoWeekOf(Date.parse('2026-03-09T03:30:00Z'), 'America/New_York')).toBe('2026-W10');
    expect(isoWeekOf(Date.parse('2026-03-09T03:30:00Z'), 'UTC')).toBe('2026-W11');
    expect(isoWeekOf(Date.parse('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
  });
});
