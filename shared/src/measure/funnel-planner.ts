/**
 * The funnel planner: from a revenue target back to what each party must deliver. Closes needed =
 * revenue target ÷ deal size; qualified leads (SQLs) needed = closes ÷ win rate; MQLs needed =
 * SQLs ÷ qualification rate. Each count is rounded up, since half a lead does not exist. The seeds'
 * example: $5,000 at $100 a sale is 50 closes, and at a 50 % win rate 100 qualified leads.
 * Rates are percents in (0, 100]. Invalid input is a value with a code, not an exception.
 */

export interface FunnelPlanInput {
  /** Either a revenue target and deal size, or the closes needed directly. */
  readonly revenueTarget?: number;
  readonly dealSize?: number;
  readonly closesNeeded?: number;
  readonly winRatePercent: number;
  /** When given, also how many MQLs marketing must deliver. */
  readonly qualificationRatePercent?: number;
}

export interface FunnelPlan {
  readonly closesNeeded: number;
  readonly sqlsNeeded: number;
  readonly mqlsNeeded: number | null;
}

export type FunnelPlanResult =
  | { readonly ok: true; readonly plan: FunnelPlan }
  | {
      readonly ok: false;
      readonly code: 'missing_target' | 'invalid_amount' | 'invalid_rate';
      readonly message: string;
    };

/** Rounds up, but forgives floating-point noise such as 100.00000000000001. */
function countUp(value: number): number {
  return Math.ceil(value - 1e-9);
}

function isRate(percent: number): boolean {
  return Number.isFinite(percent) && percent > 0 && percent <= 100;
}

export function planFunnel(input: FunnelPlanInput): FunnelPlanResult {
  let closes: number;
  if (input.closesNeeded !== undefined) {
    if (!Number.isFinite(input.closesNeeded) || input.closesNeeded < 0) {
      return { ok: false, code: 'invalid_amount', message: 'closes needed must be a non-negative number' };
    }
    closes = countUp(input.closesNeeded);
  } else if (input.revenueTarget !== undefined && input.dealSize !== undefined) {
    if (!Number.isFinite(input.revenueTarget) || input.revenueTarget < 0) {
      return {
        ok: false,
        code: 'invalid_amount',
        message: 'the revenue target must be a non-negative amount',
      };
    }
    if (!Number.isFinite(input.dealSize) || input.dealSize <= 0) {
      return { ok: false, code: 'invalid_amount', message: 'the deal size must be a positive amount' };
    }
    closes = countUp(input.revenueTarget / input.dealSize);
  } else {
    return {
      ok: false,
      code: 'missing_target',
      message: 'give either a revenue target and a deal size, or the closes needed',
    };
  }
  if (!isRate(input.winRatePercent)) {
    return {
      ok: false,
      code: 'invalid_rate',
      message: 'the win rate must be a percent above 0 and at most 100',
    };
  }
  const sqls = countUp((closes * 100) / input.winRatePercent);
  const qualification = input.qualificationRatePercent;
  if (qualification !== undefined && !isRate(qualification)) {
    return {
      ok: false,
      code: 'invalid_rate',
      message: 'the qualification rate must be a percent above 0 and at most 100',
    };
  }
  return {
    ok: true,
    plan: {
      closesNeeded: closes,
      sqlsNeeded: sqls,
      mqlsNeeded: qualification === undefined ? null : countUp((sqls * 100) / qualification),
    },
  };
}
