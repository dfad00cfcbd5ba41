import { describe, expect, it } from 'vitest';
import { testHandoff } from '../testing/handoffs.js';
import { officeCalendar } from '../testing/office-calendar.js';
import { testResponseRule } from '../testing/rules.js';
import { clockRecords } from './clock-records.js';
import { historyTarget, roundTargetMinutes } from './history-targets.js';

const calendar = officeCalendar('UTC');
const rule = testResponseRule({ targetMinutes: 30, targetMinutesByPriority: { hot: 10 } });
// Monday 2 March 2026, 09:00 UTC: the office opens.
const monday = Date.parse('2026-03-02T09:00:00Z');
const minute = 60_000;

/** Handoffs on successive Mondays answered after `minutes` business minutes each. */
function answeredAfter(minutes: readonly number[]) {
  return minutes.map((after, index) =>
    testHandoff(`h${index}`, monday + index * 7 * 86_400_000, {
      events: [{ type: 'first_touch', atMs: monday + index * 7 * 86_400_000 + after * minute }],
    }),
  );
}

describe('what a response rule’s history says about its target', () => {
  it('gives median, p80 and p90 of the real response, the share that met the target, and a round p80', () => {
    const handoffs = answeredAfter([5, 10, 12, 18, 25, 31, 40, 44, 50, 90]);
    const nowMs = Date.parse('2026-06-01T00:00:00Z');
    const { records } = clockRecords({ handoffs, rules: [rule], calendars: [calendar], nowMs });
    expect(historyTarget(rule, records)).toEqual({
      ruleId: 'mql-response',
      respondedCount: 10,
      medianMs: 28 * minute,
      p80Ms: 44 * minute,
      p90Ms: 50 * minute,
      decidedCount: 10,
      shareMet: 0.5,
      proposedMinutes: 45,
    });
  });

  it('counts business time only, an open clock past the target as missed, and proposes nothing from too few', () => {
    // Answered Tuesday 09:20 after a Monday 16:50 handoff: 10 + 20 = 30 business minutes.
    const overnight = testHandoff('late', monday + 7 * 3_600_000 + 50 * minute, {
      events: [{ type: 'first_touch', atMs: monday + 86_400_000 + 20 * minute }],
    });
    const hot = testHandoff('hot', monday, {
      priority: 'hot',
      events: [{ type: 'first_touch', atMs: monday + 15 * minute }],
    });
    const open = testHandoff('open', monday);
    const nowMs = monday + 86_400_000 + 3 * 3_600_000; // Tuesday 12:00
    const { records } = clockRecords({
      handoffs: [overnight, hot, open],
      rules: [rule],
      calendars: [calendar],
      nowMs,
    });
    expect(historyTarget(rule, records)).toMatchObject({
      respondedCount: 2,
      medianMs: 22.5 * minute,
      decidedCount: 3,
      shareMet: 1 / 3,
      proposedMinutes: null,
    });
  });

  it('rounds a proposal up to a target a team would write down', () => {
    expect([1, 5, 6, 44, 61, 200, 1441, 50_000].map(roundTargetMinutes)).toEqual([
      5, 5, 10, 45, 90, 240, 2880, 50_400,
    ]);
  });
});
