import { describe, expect, it } from 'vitest';
import type { ConversionRule } from '../agreement/rule.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { testHandoff } from '../testing/handoffs.js';
import { conversionProgress } from './conversion-progress.js';

const rule: ConversionRule = {
  id: 'qualification-rate',
  name: 'Qualification rate',
  kind: 'conversion',
  version: 1,
  isEnabled: true,
  partyId: 'sdr',
  fromStage: 'MQL',
  toStage: 'SQL',
  targetPercent: 60,
  comparison: 'at_least',
  period: 'month',
};

const day = 86_400_000;
const nowMs = Date.UTC(2026, 10, 20, 12);
const inNovember = (date: number) => Date.UTC(2026, 10, date, 10);

let nextId = 0;
function handoff(
  lead: string,
  startedAtMs: number,
  route: { from: string; to: string; stage?: string },
  outcomes: ('accepted' | 'rejected')[] = [],
): HandoffWithEvents {
  return testHandoff(`h${nextId++}`, startedAtMs, {
    lead: {
      crm: 'salesforce',
      objectType: 'Lead',
      recordId: lead,
      url: 'https://x.lightning.force.com/x',
      displayName: lead,
    },
    fromPartyId: route.from,
    toPartyId: route.to,
    ...(route.stage === undefined ? {} : { stage: route.stage }),
    events: outcomes.map((type) =>
      type === 'rejected'
        ? { type, atMs: startedAtMs + day, reason: 'not a fit' }
        : { type, atMs: startedAtMs + day },
    ),
  });
}

const mql = { from: 'marketing', to: 'sdr', stage: 'MQL' };
const sql = { from: 'sdr', to: 'ae', stage: 'SQL' };

describe('conversion progress', () => {
  it('is the share of the leads received at the first stage this period that were passed on at the second', () => {
    const progress = conversionProgress(
      rule,
      [
        handoff('00Q1', inNovember(2), mql),
        handoff('00Q1', inNovember(3), sql),
        handoff('00Q2', inNovember(4), mql),
        handoff('00Q2', inNovember(9), sql),
        handoff('00Q3', inNovember(5), mql, ['rejected']),
        handoff('00Q4', inNovember(16), mql, ['accepted']),
        handoff('00Q5', inNovember(17), mql),
      ],
      { nowMs, timeZone: 'UTC' },
    );
    expect(progress).toMatchObject({
      periodKey: '2026-11',
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

  it('counts a lead received this period and converted later, but not one converted before its receipt', () => {
    const progress = conversionProgress(
      rule,
      [
        // Received in October, converted in November: October's cohort, not this one.
        handoff('00Q1', Date.UTC(2026, 9, 28), mql),
        handoff('00Q1', inNovember(2), sql),
        // An SQL handoff of a lead before it was (re)received as an MQL does not convert the receipt.
        handoff('00Q2', inNovember(1), sql),
        handoff('00Q2', inNovember(6), mql),
        // Received and converted this month.
        handoff('00Q3', inNovember(10), mql),
        handoff('00Q3', inNovember(19), sql),
      ],
      { nowMs, timeZone: 'UTC' },
    );
    expect(progress).toMatchObject({ receivedCount: 2, convertedCount: 1, pendingCount: 1, ratePercent: 50 });
  });

  it('ignores other parties, other stages and handoffs without a stage, and counts a lead received twice once', () => {
    const progress = conversionProgress(
      rule,
      [
        handoff('00Q1', inNovember(2), mql, ['rejected']),
        handoff('00Q1', inNovember(8), mql),
        handoff('00Q1', inNovember(9), sql),
        handoff('00Q2', inNovember(3), { from: 'marketing', to: 'ae', stage: 'MQL' }),
        handoff('00Q3', inNovember(3), { from: 'marketing', to: 'sdr' }),
        handoff('00Q4', inNovember(3), { from: 'marketing', to: 'sdr', stage: 'SAL' }),
        // Passed on by another party at the second stage: not this party's conversion.
        handoff('00Q5', inNovember(4), mql),
        handoff('00Q5', inNovember(5), { from: 'marketing', to: 'ae', stage: 'SQL' }),
      ],
      { nowMs, timeZone: 'UTC' },
    );
    expect(progress).toMatchObject({
      receivedCount: 2,
      convertedCount: 1,
      rejectedCount: 0,
      pendingCount: 1,
    });
  });

  it('meets an at-most target from below, and is final once every lead is decided', () => {
    const atMost: ConversionRule = { ...rule, targetPercent: 50, comparison: 'at_most' };
    const decided = [
      handoff('00Q1', inNovember(2), mql),
      handoff('00Q1', inNovember(3), sql),
      handoff('00Q2', inNovember(4), mql, ['rejected']),
      handoff('00Q3', inNovember(5), mql, ['rejected']),
    ];
    const progress = conversionProgress(atMost, decided, { nowMs, timeZone: 'UTC' });
    expect(progress.ratePercent).toBeCloseTo(100 / 3);
    expect(progress).toMatchObject({ isMet: true, isFinal: true, pendingCount: 0 });
    // An event or a handoff after `nowMs` has not happened yet.
    const early = conversionProgress(atMost, decided, { nowMs: inNovember(4) + 3_600_000, timeZone: 'UTC' });
    expect(early).toMatchObject({ receivedCount: 2, convertedCount: 1, rejectedCount: 0, pendingCount: 1 });
  });

  it('has no rate and no verdict before anything was received', () => {
    const progress = conversionProgress(rule, [handoff('00Q1', inNovember(2), sql)], {
      nowMs,
      timeZone: 'UTC',
    });
    expect(progress).toMatchObject({ receivedCount: 0, ratePercent: null, isMet: null, isFinal: true });
  });

  it('cuts the period in the calendar’s zone', () => {
    // 31 October 23:30 in New York is 1 November 03:30 UTC: October there, November in UTC.
    const late = handoff('00Q1', Date.UTC(2026, 10, 1, 3, 30), mql);
    expect(conversionProgress(rule, [late], { nowMs, timeZone: 'UTC' }).receivedCount).toBe(1);
    expect(conversionProgress(rule, [late], { nowMs, timeZone: 'America/New_York' }).receivedCount).toBe(0);
  });
});
