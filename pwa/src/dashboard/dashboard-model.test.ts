import { type Activity, type HandoffWithEvents, type Member, templateTerms, toCsv } from '@pactline/shared';
import { type TestEvent, type TestHandoffOptions, testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { activityColumns, activityRows } from './activity-columns';
import { buildDashboard, dashboardMonths } from './dashboard-model';

// Office hours 09:00–17:00 UTC on weekdays; Monday 2026-03-02 is the first day of the week measured.
const terms = templateTerms('UTC');
const monday9 = Date.UTC(2026, 2, 2, 9);
const minute = 60_000;
const nowMs = Date.UTC(2026, 2, 6, 16); // Friday 16:00

function handoff(
  id: string,
  startedAtMs: number,
  events: TestEvent[],
  extra: TestHandoffOptions = {},
): HandoffWithEvents {
  return testHandoff(id, startedAtMs, {
    agreementId: 'sla',
    fromUserId: 'mia',
    toUserId: 'sam',
    ...extra,
    events,
  });
}

const handoffs = [
  // Touched after 60 business minutes: met (target 240).
  handoff('met-1', monday9, [{ type: 'first_touch', atMs: monday9 + 60 * minute, byUserId: 'sam' }]),
  // Touched after 120 business minutes: met.
  handoff(
    'met-2',
    monday9 + 30 * minute,
    [{ type: 'first_touch', atMs: monday9 + 150 * minute, byUserId: 'tom' }],
    { toUserId: 'tom' },
  ),
  // Never touched, started Monday: long breached by Friday.
  handoff('late', monday9 + 60 * minute, []),
  // Handed off an hour ago, untouched: open and young.
  handoff('fresh', nowMs - 60 * minute, []),
];

describe('dashboard model', () => {
  const model = buildDashboard(terms, handoffs, { period: 'week', groupBy: 'rule', nowMs, trendPeriods: 4 });

  it('computes this week’s % met, counts and response times from the shared measures', () => {
    expect(model.overall).toMatchObject({ handoffCount: 4, metCount: 2, breachedCount: 1, openCount: 1 });
    expect(model.overall?.percentMet).toBeCloseTo((2 / 3) * 100);
    expect(model.overall?.medianResponseMs).toBe(90 * minute);
    expect(model.rows.map((row) => row.ruleId)).toEqual(['mql-response']);
  });

  it('groups by rep when asked', () => {
    const byRep = buildDashboard(terms, handoffs, { period: 'week', groupBy: 'rep', nowMs, trendPeriods: 4 });
    expect(Object.fromEntries(byRep.rows.map((row) => [row.repId, row.handoffCount]))).toEqual({
      sam: 3,
      tom: 1,
    });
  });

  it('charts each enabled response rule against its goal', () => {
    expect(model.trends.map((trend) => trend.rule.id)).toEqual(['mql-response', 'sql-first-touch']);
    const mql = model.trends[0]?.points ?? [];
    expect(mql.every((point) => point.goalMs === 240 * minute)).toBe(true);
    expect(mql.at(-1)).toMatchObject({
      answeredCount: 2,
      meanResponseMs: 90 * minute,
      isMeanWithinGoal: true,
    });
  });

  it('puts the untouched leads in aging buckets by business age', () => {
    expect(model.aging.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(2);
    const hour = 60 * minute;
    // One business hour old; and Monday 10:00 to Friday 16:00 is 7 + 3 × 8 + 7 = 38 business hours.
    expect(model.aging.find((bucket) => bucket.fromMs === hour)?.handoffIds).toEqual(['fresh']);
    expect(model.aging.find((bucket) => bucket.fromMs === 8 * hour)?.handoffIds).toEqual(['late']);
  });

  it('paces the monthly MQL goal and traces the shortfall to marketing', () => {
    expect(model.volumes[0]?.progress).toMatchObject({
      deliveredCount: 4,
      targetCount: 100,
      isOnTrack: false,
    });
    expect(model.rootCause?.isGoalMet).toBe(false);
    expect(model.rootCause?.primaryPartyId).toBe('marketing');
    expect(model.rootCause?.findings[0]?.code).toBe('too_few_delivered');
  });

  it('tells handoffs timed by the CRM from those timed when first seen on a page', () => {
    expect(model.pageSeen).toEqual({ crmTimedCount: 0, firstSeenCount: 0 });
    const seenOnPages = [
      handoff('crm-timed', monday9 + 30 * minute, [], { source: 'page', startedAtSource: 'crm' }),
      handoff('first-seen', monday9 + 40 * minute, [], { source: 'page', startedAtSource: 'seen' }),
      handoff('last-week', monday9 - 3 * 24 * 60 * minute, [], { source: 'page', startedAtSource: 'crm' }),
    ];
    const withPages = buildDashboard(terms, [...handoffs, ...seenOnPages], {
      period: 'week',
      groupBy: 'rule',
      nowMs,
      trendPeriods: 4,
    });
    expect(withPages.pageSeen).toEqual({ crmTimedCount: 1, firstSeenCount: 1 });
  });

  it('says when the next open clock breaches, so the screen can recompute then', () => {
    // The fresh handoff started Friday 15:00 with a 240-minute target and 2 business hours left today.
    expect(model.nextBreachAtMs).toBe(Date.UTC(2026, 2, 9, 11));
  });

  it('reports clocks it cannot measure instead of dropping them silently', () => {
    const orphan = handoff('orphan', monday9, [], { rules: [{ ruleId: 'deleted-rule', ruleVersion: 1 }] });
    const withOrphan = buildDashboard(terms, [...handoffs, orphan], {
      period: 'week',
      groupBy: 'rule',
      nowMs,
      trendPeriods: 4,
    });
    expect(withOrphan.unmeasuredCount).toBe(1);
    expect(withOrphan.overall?.handoffCount).toBe(4);
  });
});

describe('conversion goals on the dashboard', () => {
  /** The SDRs pass an MQL's lead on to an AE as an SQL. */
  const sqlOf = (mqlId: string, atMs: number) =>
    handoff(`${mqlId}-sql`, atMs, [], {
      lead: handoff(mqlId, 0, []).lead,
      fromPartyId: 'sdr',
      toPartyId: 'ae',
      stage: 'SQL',
    });

  it('shows the qualification rate of this month’s MQLs, from the SQL handoffs of the same leads', () => {
    const mqls = ['q1', 'q2', 'q3', 'q4'].map((id, index) =>
      handoff(id, monday9 + index * 60 * minute, [], { stage: 'MQL' }),
    );
    const rejected = handoff(
      'q5',
      monday9,
      [{ type: 'rejected', atMs: monday9 + minute, byUserId: 'sam', reason: 'student' }],
      {
        stage: 'MQL',
      },
    );
    const model = buildDashboard(
      terms,
      [...mqls, rejected, sqlOf('q1', monday9 + 2 * 60 * minute), sqlOf('q2', monday9 + 26 * 60 * minute)],
      { period: 'week', groupBy: 'rule', nowMs, trendPeriods: 4 },
    );
    expect(model.conversions.map(({ rule }) => rule.id)).toEqual(['qualification-rate']);
    expect(model.conversions[0]?.progress).toMatchObject({
      periodKey: '2026-03',
      receivedCount: 5,
      convertedCount: 2,
      rejectedCount: 1,
      pendingCount: 2,
      ratePercent: 40,
      targetPercent: 60,
      isMet: false,
      isFinal: false,
    });
  });

  it('traces the SQL stage from the same cohort the Conversion card counts', () => {
    const lastMonth = Date.UTC(2026, 1, 20, 10);
    // Two MQLs from February become SQLs this week; of this month's three MQLs, one does.
    const february = ['f1', 'f2'].map((id) => handoff(id, lastMonth, [], { stage: 'MQL' }));
    const march = ['m1', 'm2', 'm3'].map((id, index) =>
      handoff(id, monday9 + index * 60 * minute, [], { stage: 'MQL' }),
    );
    const model = buildDashboard(
      terms,
      [
        ...february,
        ...march,
        sqlOf('f1', monday9 + 5 * 60 * minute),
        sqlOf('f2', monday9 + 6 * 60 * minute),
        sqlOf('m1', monday9 + 7 * 60 * minute),
      ],
      { period: 'week', groupBy: 'rule', nowMs, trendPeriods: 4 },
    );
    const conversion = model.conversions[0]?.progress;
    expect(conversion).toMatchObject({ receivedCount: 3, convertedCount: 1 });
    const sqlStage = model.rootCause?.findings.find((finding) => finding.stage === 'SQL');
    expect(sqlStage?.message).toMatch(/turned 3 MQL into 1 SQL|delivered 1 SQL/);
  });
});

describe('activity goals on the dashboard', () => {
  const members: Member[] = [
    { userId: 'sam', displayName: 'Sam', partyId: 'sdr' },
    { userId: 'tom', displayName: 'Tom', partyId: 'sdr' },
    { userId: 'mia', displayName: 'Mia', partyId: 'marketing' },
  ];
  const call = (id: string, byUserId: string, atMs: number): Activity => ({
    id,
    kind: 'call',
    byUserId,
    atMs,
    lead: handoff('x', 0, []).lead,
  });
  // Friday 16:00 of a weekday 09:00–17:00 week: 39 of 40 business hours have passed.
  const calls = [
    ...Array.from({ length: 49 }, (_, index) => call(`s${index}`, 'sam', monday9 + index * 30 * minute)),
    ...Array.from({ length: 12 }, (_, index) => call(`t${index}`, 'tom', monday9 + index * 60 * minute)),
  ];
  const model = buildDashboard(
    terms,
    handoffs,
    { period: 'week', groupBy: 'rule', nowMs, trendPeriods: 4 },
    { activities: calls, members },
  );

  it('measures the template’s 50 calls per SDR per week for each rep, with pacing', () => {
    const goal = model.activities[0];
    expect(goal?.rule.id).toBe('sdr-calls');
    expect(goal?.progress).toMatchObject({ kind: 'call', count: 61, repsBehindCount: 1 });
    expect(goal?.progress.elapsedFraction).toBeCloseTo(39 / 40);
    expect(goal?.progress.reps.map((rep) => [rep.userId, rep.count, rep.isOnTrack])).toEqual([
      ['sam', 49, true],
      ['tom', 12, false],
    ]);
  });

  it('adds the SDRs’ missing calls to the root cause, and exports each rep’s pace as CSV', () => {
    const finding = model.rootCause?.findings.find((candidate) => candidate.code === 'too_few_activities');
    expect(finding?.partyId).toBe('sdr');
    expect(finding?.message).toBe(
      'Sales development logged 61 calls against 97.5 expected by now (1 of 2 reps behind pace); with the leads it received, the shortfall points at the activity',
    );
    const csv = toCsv(activityColumns, activityRows(model.activities)).split('\r\n');
    expect(csv[0]).toBe(
      'period,rule,party,rep,rep_name,activity,count,target,expected_by_now,pace_percent,projected,status',
    );
    expect(csv[1]).toBe('2026-W10,sdr-calls,sdr,sam,Sam,call,49,50,48.8,100.5,50.3,on_track');
    expect(csv[2]).toBe('2026-W10,sdr-calls,sdr,tom,Tom,call,12,50,48.8,24.6,12.3,behind');
  });
});

describe('the months of logs the dashboard reads', () => {
  const november22 = Date.UTC(2026, 10, 22, 10);
  const window = (period: 'day' | 'week' | 'month', trendPeriods: number, at = november22) =>
    dashboardMonths({ period, trendPeriods, nowMs: at });

  it('reach back over the chart’s whole first period, a day more for time zones', () => {
    expect(window('day', 14)).toEqual(['2026-11']);
    // 12 weeks back from 22 November is 30 August; its week began up to 7 days before.
    expect(window('week', 12)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08']);
    // Six 31-day periods back is 20 May, in the period of May: eight logs, where three were read before.
    expect(window('month', 6)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
      '2026-08',
      '2026-07',
      '2026-06',
      '2026-05',
      '2026-04',
    ]);
    // 14 days back from 3 March crosses into February.
    expect(window('day', 14, Date.UTC(2026, 2, 3, 10))).toEqual(['2026-03', '2026-02']);
  });

  it('reach back to the start of a quarterly goal’s quarter', () => {
    const daily = { period: 'day' as const, trendPeriods: 14, nowMs: november22 };
    expect(dashboardMonths(daily)).toEqual(['2026-11']);
    // A monthly goal measures November from its first day, in zones behind UTC from 31 October.
    expect(dashboardMonths({ ...daily, goalPeriods: ['month', 'week'] })).toEqual(['2026-11', '2026-10']);
    // The fourth quarter began on 1 October; a day of slack reaches into September.
    expect(dashboardMonths({ ...daily, goalPeriods: ['quarter'] })).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
  });

  it('cross the year boundary', () => {
    expect(window('week', 12, Date.UTC(2026, 0, 15))).toEqual(['2026-01', '2025-12', '2025-11', '2025-10']);
  });

  it('hold every period of the monthly chart, so its older points are not charted as empty', () => {
    // Before, the dashboard read three months of logs and charted six: the oldest three showed no
    // handoffs at all. Every instant of every charted period must fall in a month that is read.
    const monthly = buildDashboard(terms, [], {
      period: 'month',
      groupBy: 'rule',
      nowMs: november22,
      trendPeriods: 6,
    });
    const starts = monthly.trends[0]?.points.map((point) => point.periodStartMs) ?? [];
    expect(starts.length).toBeGreaterThanOrEqual(6);
    const months = window('month', 6);
    for (const startMs of starts) {
      // Cut in a calendar 14 h ahead of UTC, the period begins 14 h earlier in UTC.
      const startedAt = new Date(startMs - 14 * 3_600_000).toISOString().slice(0, 7);
      const endedAt = new Date(startMs + 28 * 86_400_000).toISOString().slice(0, 7);
      expect(months).toContain(startedAt);
      expect(months).toContain(endedAt);
    }
  });
});
