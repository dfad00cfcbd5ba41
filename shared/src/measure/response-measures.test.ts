import { describe, expect, it } from 'vitest';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { type TestEvent, testHandoff } from '../testing/handoffs.js';
import { officeCalendar } from '../testing/office-calendar.js';
import { testResponseRule } from '../testing/rules.js';
import { clockRecords } from './clock-records.js';
import { responseMeasures } from './response-measures.js';
import { responseTrend } from './response-trend.js';

const minuteMs = 60_000;
const office = officeCalendar('UTC', ['2026-11-26']);
const rule = testResponseRule({ targetMinutesByPriority: {}, allowedPauseReasons: [] });

/** November 2026, UTC, day `day` at `hh:mm`. */
function nov(day: number, time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return Date.UTC(2026, 10, day, hours, minutes);
}

function handoff(
  id: string,
  startedAtMs: number,
  repId: string,
  events: TestEvent[] = [],
  ruleId = 'mql-response',
): HandoffWithEvents {
  return testHandoff(id, startedAtMs, { toUserId: repId, rules: [{ ruleId, ruleVersion: 1 }], events });
}

const handoffs = [
  handoff('h1', nov(23, '09:00'), 'rep-a', [{ type: 'first_touch', atMs: nov(23, '09:30') }]),
  handoff('h2', nov(23, '09:00'), 'rep-a', [{ type: 'first_touch', atMs: nov(23, '10:30') }]),
  handoff('h3', nov(23, '10:00'), 'rep-b', [
    { type: 'reassigned', atMs: nov(23, '10:05'), toUserId: 'rep-c' },
    { type: 'first_touch', atMs: nov(23, '10:10') },
  ]),
  handoff('h4', nov(23, '13:00'), 'rep-b'),
  handoff('h5', nov(30, '11:30'), 'rep-a'),
  handoff('h6', nov(23, '09:00'), 'rep-a', [], 'retired-rule'),
];
const nowMs = nov(30, '12:00');
const { records, unmeasured } = clockRecords({ handoffs, rules: [rule], calendars: [office], nowMs });

describe('clockRecords', () => {
  it('evaluates each handoff once per rule, with the receiver after reassignments', () => {
    expect(records.map((record) => [record.handoff.id, record.repId, record.clock.state])).toEqual([
      ['h1', 'rep-a', 'met'],
      ['h2', 'rep-a', 'breached'],
      ['h3', 'rep-c', 'met'],
      ['h4', 'rep-b', 'breached'],
      ['h5', 'rep-a', 'warning'],
    ]);
  });

  it('reports, rather than drops silently, a handoff whose rule is gone', () => {
    expect(unmeasured).toEqual([{ handoffId: 'h6', ruleId: 'retired-rule', code: 'unknown_rule' }]);
  });

  it('measures the other handoffs when one rule points at a broken calendar', () => {
    const broken = { ...office, id: 'broken', timeZone: 'Mars/Olympus' };
    const brokenRule = { ...rule, id: 'broken-rule', calendarId: 'broken' };
    const result = clockRecords({
      handoffs: [
        handoffs[0] as HandoffWithEvents,
        handoff('h7', nov(23, '09:00'), 'rep-a', [], 'broken-rule'),
      ],
      rules: [rule, brokenRule],
      calendars: [office, broken],
      nowMs,
    });
    expect(result.records.map((record) => record.handoff.id)).toEqual(['h1']);
    expect(result.unmeasured).toEqual([{ handoffId: 'h7', ruleId: 'broken-rule', code: 'invalid_calendar' }]);
  });
});

describe('responseMeasures', () => {
  it('counts, rates and times responses per rule, party, rep and week', () => {
    const rows = responseMeasures(records, { period: 'week' });
    expect(rows).toEqual([
      {
        ruleId: 'mql-response',
        partyId: 'sdr',
        repId: 'rep-a',
        periodKey: '2026-W48',
        periodStartMs: nov(23, '00:00'),
        periodEndMs: nov(30, '00:00'),
        handoffCount: 2,
        metCount: 1,
        breachedCount: 1,
        openCount: 0,
        percentMet: 50,
        meanResponseMs: 60 * minuteMs,
        medianResponseMs: 60 * minuteMs,
        p90ResponseMs: 90 * minuteMs,
      },
      expect.objectContaining({
        repId: 'rep-b',
        handoffCount: 1,
        breachedCount: 1,
        percentMet: 0,
        meanResponseMs: null,
      }),
      expect.objectContaining({
        repId: 'rep-c',
        handoffCount: 1,
        metCount: 1,
        percentMet: 100,
        p90ResponseMs: 10 * minuteMs,
      }),
      expect.objectContaining({ repId: 'rep-a', periodKey: '2026-W49', openCount: 1, percentMet: null }),
    ]);
  });

  it('aggregates the dimensions left out of groupBy', () => {
    const rows = responseMeasures(records, { period: 'week', groupBy: ['rule'] });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      ruleId: 'mql-response',
      partyId: null,
      repId: null,
      handoffCount: 4,
      metCount: 2,
      breachedCount: 2,
      percentMet: 50,
      medianResponseMs: 30 * minuteMs,
      p90ResponseMs: 90 * minuteMs,
    });
    expect(rows[0]?.meanResponseMs).toBeCloseTo((130 / 3) * minuteMs, 6);
  });

  it('buckets in another zone when asked: 09:00 UTC Monday is still Monday in Los Angeles, 01:00', () => {
    const rows = responseMeasures(records, { period: 'day', groupBy: [], timeZone: 'America/Los_Angeles' });
    expect(rows.map((row) => [row.periodKey, row.handoffCount])).toEqual([
      ['2026-11-23', 4],
      ['2026-11-30', 1],
    ]);
  });
});

describe('responseTrend', () => {
  it('charts mean response per week against the goal, with empty weeks kept', () => {
    const points = responseTrend(rule, records, {
      period: 'week',
      fromMs: nov(16, '00:00'),
      toMs: Date.UTC(2026, 11, 7),
      timeZone: 'UTC',
    });
    expect(points.map((point) => [point.periodKey, point.answeredCount, point.isMeanWithinGoal])).toEqual([
      ['2026-W47', 0, null],
      ['2026-W48', 3, true],
      ['2026-W49', 0, null],
    ]);
    expect(points[1]?.goalMs).toBe(60 * minuteMs);
    expect(points[1]?.medianResponseMs).toBe(30 * minuteMs);
  });
});
