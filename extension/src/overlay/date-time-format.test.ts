import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from './date-time-format.js';

describe('dateTimeFormat', () => {
  it('hands back the same formatter for the same locale, zone and options', () => {
    const options = { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hour12: false } as const;
    const first = dateTimeFormat('en-GB', options);
    expect(dateTimeFormat('en-GB', { ...options })).toBe(first);
    expect(first.format(Date.UTC(2026, 0, 5, 13, 30))).toBe('14:30');
  });

  it('keeps zones and locales apart', () => {
    const atMs = Date.UTC(2026, 0, 5, 13, 30);
    const options = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
    expect(dateTimeFormat('en-GB', { ...options, timeZone: 'Europe/Paris' }).format(atMs)).toBe('14:30');
    expect(dateTimeFormat('en-GB', { ...options, timeZone: 'America/New_York' }).format(atMs)).toBe('08:30');
    expect(dateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' }).format(atMs)).toBe('Mon');
    expect(dateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short' }).format(atMs)).toBe('lun.');
  });

  it('still refuses an unknown time zone, every time it is asked', () => {
    expect(() => dateTimeFormat('en-GB', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en-GB', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
