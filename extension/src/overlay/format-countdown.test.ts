import { describe, expect, it } from 'vitest';
import {
  describeCountdown,
  formatBreachTime,
  formatCountdown,
  formatCountdownPhrase,
  remainingAt,
} from './format-countdown.js';

describe('formatCountdown', () => {
  it.each([
    [14 * 60_000 + 9_000, '14:09'],
    [59_999, '0:59'],
    [0, '0:00'],
    [2 * 3_600_000 + 5 * 60_000 + 9_000, '2:05:09'],
    [30 * 3_600_000, '30:00:00'],
    [-1, '+0:01'],
    [-(3 * 60_000 + 12_000), '+3:12'],
    [-(3_600_000 + 1_000), '+1:00:01'],
  ])('shows %d ms as %s', (remainingMs, expected) => {
    expect(formatCountdown(remainingMs)).toBe(expected);
  });
});

describe('describeCountdown', () => {
  it.each([
    [2 * 3_600_000 + 5 * 60_000, '2 hours 5 minutes left'],
    [3_600_000, '1 hour left'],
    [60_000, '1 minute left'],
    [30_000, 'less than a minute left'],
    [-(90 * 60_000), '1 hour 30 minutes overdue'],
  ])('reads %d ms as "%s"', (remainingMs, expected) => {
    expect(describeCountdown(remainingMs)).toBe(expected);
  });
});

describe('formatBreachTime', () => {
  const nowMs = Date.UTC(2026, 10, 23, 9, 0); // Monday 23 Nov 2026, 10:00 in Berlin

  it('shows only the time when the breach is today in the rep zone', () => {
    expect(formatBreachTime(Date.UTC(2026, 10, 23, 13, 30), nowMs, 'Europe/Berlin')).toBe('14:30');
  });

  it('names the weekday when the breach falls on another day within the week', () => {
    expect(formatBreachTime(Date.UTC(2026, 10, 24, 8, 15), nowMs, 'Europe/Berlin')).toBe('Tue 09:15');
  });

  it('uses the rep zone, not UTC, to decide what "today" is', () => {
    // 23:30 UTC on Monday is already Tuesday 08:30 in Tokyo.
    expect(formatBreachTime(Date.UTC(2026, 10, 23, 23, 30), nowMs, 'Asia/Tokyo')).toBe('Tue 08:30');
  });

  it('gives a date when the breach is more than a week away', () => {
    expect(formatBreachTime(Date.UTC(2026, 11, 10, 9, 0), nowMs, 'Europe/Berlin')).toBe('10 Dec 10:00');
  });
});

describe('remainingAt', () => {
  const snapshot = { remainingMs: 60_000, evaluatedAtMs: 1_000_000, isTicking: true };

  it('counts down from the snapshot while the clock ticks', () => {
    expect(remainingAt(snapshot, 1_010_000)).toBe(50_000);
    expect(remainingAt(snapshot, 1_070_000)).toBe(-10_000);
  });

  it('holds still while paused or outside business hours', () => {
    expect(remainingAt({ ...snapshot, isTicking: false }, 1_050_000)).toBe(60_000);
  });
});

describe('formatCountdownPhrase', () => {
  it('says how long is left while running and how far over once breached', () => {
    expect(formatCountdownPhrase(65 * 60_000)).toBe('1:05:00 business time left');
    expect(formatCountdownPhrase(-(26 * 3_600_000 + 2 * 60_000 + 25_000))).toBe('over by 26:02:25');
  });
});
