import { describe, expect, it } from 'vitest';
import { planFunnel } from './funnel-planner.js';

describe('planFunnel', () => {
  it('turns $5,000 at $100 a sale and a 50 % win rate into 100 qualified leads', () => {
    expect(planFunnel({ revenueTarget: 5000, dealSize: 100, winRatePercent: 50 })).toEqual({
      ok: true,
      plan: { closesNeeded: 50, sqlsNeeded: 100, mqlsNeeded: null },
    });
  });

  it('turns 50 closes at a 50 % close rate into 100 SQLs, and at 60 % qualification into 167 MQLs', () => {
    expect(planFunnel({ closesNeeded: 50, winRatePercent: 50, qualificationRatePercent: 60 })).toEqual({
      ok: true,
      plan: { closesNeeded: 50, sqlsNeeded: 100, mqlsNeeded: 167 },
    });
  });

  it('rounds every count up, since a part of a lead does not exist', () => {
    // $5,000 ÷ $300 = 16.7 → 17 closes; 17 ÷ 33 % = 51.5 → 52 SQLs.
    expect(planFunnel({ revenueTarget: 5000, dealSize: 300, winRatePercent: 33 })).toMatchObject({
      plan: { closesNeeded: 17, sqlsNeeded: 52 },
    });
  });

  it('answers invalid input with a coded value instead of throwing', () => {
    expect(planFunnel({ revenueTarget: 5000, dealSize: 100, winRatePercent: 0 })).toMatchObject({
      ok: false,
      code: 'invalid_rate',
    });
    expect(planFunnel({ revenueTarget: 5000, dealSize: 0, winRatePercent: 50 })).toMatchObject({
      ok: false,
      code: 'invalid_amount',
    });
    expect(planFunnel({ winRatePercent: 50 })).toMatchObject({ ok: false, code: 'missing_target' });
    expect(planFunnel({ closesNeeded: 10, winRatePercent: 50, qualificationRatePercent: 120 })).toMatchObject(
      { ok: false, code: 'invalid_rate' },
    );
  });
});
