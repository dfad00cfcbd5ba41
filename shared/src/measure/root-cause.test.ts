import { describe, expect, it } from 'vitest';
import type { FunnelStageActual } from './root-cause.js';
import { attributeMissedGoal } from './root-cause.js';

function funnel(mqls: number, sqls: number, closes: number): FunnelStageActual[] {
  return [
    { stage: 'MQL', partyId: 'marketing', targetCount: 100, deliveredCount: mqls },
    { stage: 'SQL', partyId: 'sdr', targetCount: 60, deliveredCount: sqls },
    { stage: 'close', partyId: 'ae', targetCount: 30, deliveredCount: closes },
  ];
}

describe('attributeMissedGoal', () => {
  it('states a fractional derived target as the whole items it takes', () => {
    const stages: FunnelStageActual[] = [
      { stage: 'MQL', partyId: 'marketing', targetCount: 13.8527024342891, deliveredCount: 4 },
      { stage: 'SQL', partyId: 'sdr', targetCount: 8.31162146057347, deliveredCount: 1 },
    ];
    const cause = attributeMissedGoal({ stages });
    expect(cause.findings[0]?.message).toContain('delivered 4 MQL of 14');
    expect(cause.findings.map((finding) => finding.message).join(' ')).not.toMatch(/\d\.\d{3,}/);
  });

  it('points at marketing when too few MQLs arrived, and clears the SDRs and AEs who converted at plan', () => {
    const cause = attributeMissedGoal({ stages: funnel(70, 42, 21) });
    expect(cause.primaryPartyId).toBe('marketing');
    expect(cause.findings.map((finding) => [finding.partyId, finding.code, finding.isAtFault])).toEqual([
      ['marketing', 'too_few_delivered', true],
      ['sdr', 'short_because_of_upstream', false],
      ['ae', 'short_because_of_upstream', false],
    ]);
    expect(cause.findings[1]?.expectedCount).toBe(42);
  });

  it('points at the SDRs when enough MQLs arrived but too few SQLs came out', () => {
    const cause = attributeMissedGoal({ stages: funnel(100, 40, 20) });
    expect(cause.primaryPartyId).toBe('sdr');
    expect(cause.findings.map((finding) => finding.code)).toEqual([
      'under_converted',
      'short_because_of_upstream',
    ]);
    expect(cause.findings[0]?.expectedCount).toBe(60);
  });

  it('points at the activity when SDRs received enough leads but logged too few calls', () => {
    const cause = attributeMissedGoal({
      stages: funnel(100, 40, 20),
      activities: [
        {
          partyId: 'sdr',
          activity: 'calls',
          count: 120,
          expectedByNowCount: 250,
          repCount: 5,
          repsBehindCount: 4,
        },
        {
          partyId: 'ae',
          activity: 'meetings',
          count: 30,
          expectedByNowCount: 20,
          repCount: 2,
          repsBehindCount: 0,
        },
      ],
    });
    expect(cause.primaryPartyId).toBe('sdr');
    const activity = cause.findings.filter((finding) => finding.code === 'too_few_activities');
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ partyId: 'sdr', isAtFault: true, expectedCount: 250 });
    expect(activity[0]?.message).toBe(
      'sdr logged 120 calls against 250 expected by now (4 of 5 reps behind pace); with the leads it received, the shortfall points at the activity',
    );
  });

  it('lists too few activities as a contributing cause without blaming the leads when input was short', () => {
    const cause = attributeMissedGoal({
      stages: funnel(70, 42, 21),
      activities: [
        {
          partyId: 'sdr',
          activity: 'calls',
          count: 10,
          expectedByNowCount: 25,
          repCount: 2,
          repsBehindCount: 2,
        },
      ],
    });
    expect(cause.primaryPartyId).toBe('marketing');
    const activity = cause.findings.find((finding) => finding.code === 'too_few_activities');
    expect(activity?.message).toBe(
      'sdr logged 10 calls against 25 expected by now (2 of 2 reps behind pace)',
    );
  });

  it('points at the AEs when enough SQLs arrived but too few closed', () => {
    const cause = attributeMissedGoal({ stages: funnel(110, 60, 20) });
    expect(cause.primaryPartyId).toBe('ae');
    expect(cause.findings).toHaveLength(1);
    expect(cause.findings[0]).toMatchObject({ code: 'under_converted', expectedCount: 30 });
  });

  it('keeps the most upstream party primary when several under-performed', () => {
    const cause = attributeMissedGoal({ stages: funnel(80, 30, 15) });
    expect(cause.primaryPartyId).toBe('marketing');
    expect(cause.findings.map((finding) => finding.code)).toEqual([
      'too_few_delivered',
      'under_converted',
      'short_because_of_upstream',
    ]);
  });

  it('adds slow responses and mass rejections as contributing causes', () => {
    const cause = attributeMissedGoal({
      stages: funnel(100, 40, 20),
      responseCompliance: [
        { partyId: 'sdr', percentMet: 70, goalPercent: 90 },
        { partyId: 'ae', percentMet: 95, goalPercent: 90 },
      ],
      rejections: [{ fromPartyId: 'sdr', toPartyId: 'ae', handedOffCount: 50, rejectedCount: 20 }],
    });
    expect(cause.findings.filter((finding) => finding.stage === null)).toMatchObject([
      { partyId: 'sdr', code: 'slow_response' },
      { partyId: 'sdr', code: 'rejected_as_unqualified' },
    ]);
  });

  it('names parties the way the caller asks, keeping their ids in the findings', () => {
    const names: Record<string, string> = {
      marketing: 'Marketing',
      sdr: 'Sales development',
      ae: 'Account executives',
    };
    const cause = attributeMissedGoal({
      stages: funnel(100, 40, 20),
      rejections: [{ fromPartyId: 'sdr', toPartyId: 'ae', handedOffCount: 50, rejectedCount: 20 }],
      partyName: (partyId) => names[partyId] ?? partyId,
    });
    expect(cause.primaryPartyId).toBe('sdr');
    expect(cause.findings.map((finding) => finding.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Sales development turned 100 MQL into 40 SQL/),
        'Account executives rejected 20 of 50 handoffs from Sales development (40 %)',
      ]),
    );
  });

  it('finds nothing when the goal is met', () => {
    expect(attributeMissedGoal({ stages: funnel(60, 40, 30) })).toEqual({
      isGoalMet: true,
      primaryPartyId: null,
      findings: [],
    });
  });
});
