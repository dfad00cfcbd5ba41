import { describe, expect, it } from 'vitest';
import type { VolumeRule } from '../agreement/rule.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { testHandoff } from '../testing/handoffs.js';
import { weekdaysNineToFive } from '../testing/office-calendar.js';
import { volumeProgress } from './volume-progress.js';

const office = weekdaysNineToFive('UTC', ['2026-11-26']);
const rule: VolumeRule = {
  id: 'mql-volume',
  name: 'Monthly MQLs',
  kind: 'volume',
  version: 1,
  isEnabled: true,
  partyId: 'marketing',
  toPartyId: 'sdr',
  itemLabel: 'MQL',
  targetCount: 100,
  period: 'month',
  calendarId: 'office',
};

function handoff(
  index: number,
  startedAtMs: number,
  fromPartyId = 'marketing',
  toPartyId = 'sdr',
): HandoffWithEvents {
  return testHandoff(`h${index}`, startedAtMs, { fromPartyId, toPartyId });
}

// November 2026 has 21 weekdays; Thanksgiving (26th) is a holiday: 20 business days of 8 hours.
// Friday 13 November at 17:00 closes the 10th, so half the month's business time has passed.
const nowMs = Date.UTC(2026, 10, 13, 17);
const delivered = Array.from({ length: 40 }, (_, index) =>
  handoff(index, Date.UTC(2026, 10, 2 + (index % 12), 10)),
);
const noise = [
  handoff(100, Date.UTC(2026, 9, 30, 10)), // October
  handoff(101, Date.UTC(2026, 10, 14, 10)), // after now
  handoff(102, Date.UTC(2026, 10, 5, 10), 'sdr', 'ae'), // an SQL, not an MQL
  handoff(103, Date.UTC(2026, 10, 5, 10), 'marketing', 'ae'), // to another party than the rule's
];

describe('volumeProgress', () => {
  it('paces a month by business time: 40 of 100 halfway through is 80 % of pace', () => {
    const progress = volumeProgress(rule, [...delivered, ...noise], { nowMs, calendar: office });
    expect(progress).toMatchObject({
      periodKey: '2026-11',
      deliveredCount: 40,
      elapsedFraction: 0.5,
      expectedByNowCount: 50,
      pacePercent: 80,
      projectedCount: 80,
      isOnTrack: false,
      isMet: false,
    });
  });

  it('adds no expectation over a weekend', () => {
    const saturday = volumeProgress(rule, delivered, { nowMs: Date.UTC(2026, 10, 14, 12), calendar: office });
    expect(saturday.expectedByNowCount).toBe(50);
  });

  it('is on track at exactly the expected count', () => {
    const exactly = Array.from({ length: 50 }, (_, index) => handoff(index, Date.UTC(2026, 10, 3, 10)));
    expect(volumeProgress(rule, exactly, { nowMs, calendar: office }).isOnTrack).toBe(true);
  });

  it('falls back to wall-clock pacing without a calendar', () => {
    const progress = volumeProgress(rule, delivered, { nowMs, timeZone: 'UTC' });
    // 12 days and 17 hours of a 30-day month.
    expect(progress.elapsedFraction).toBeCloseTo((12 * 24 + 17) / (30 * 24), 12);
  });
});
