/**
 * Root cause of a missed goal along the funnel (after the seeds: "if SDRs receive too few marketing
 * leads and generate too few SQLs, marketing is where adjustments are needed; an SDR receiving
 * enough leads but falling short on SQLs needs to improve; the AE is then not fully responsible").
 *
 * Stages are listed upstream first (MQLs from marketing, SQLs from SDRs, closes by AEs). The plan's
 * conversion from one stage to the next is target ÷ previous target. A stage that reached its own
 * target is never at fault. Below target, it is at fault when it also delivered less than its input
 * allowed: the first stage (`too_few_delivered`), or a later stage below previous-delivered ×
 * planned conversion (`under_converted`). A stage short of
 * target only because its input was short is `short_because_of_upstream`, not at fault. The
 * primary cause is the most upstream party at fault. Two kinds of evidence add contributing causes:
 * a party missing its response-time goal (`slow_response`), and a receiver rejecting a large share
 * of what a sender handed over (`rejected_as_unqualified`, pointing at the sender's lead quality).
 * A party behind the pace of its activity goals is a contributing cause too (`too_few_activities`,
 * after seed 003's activity requirements); when that party also under-converted what it received,
 * the finding says so: enough leads but too few calls points at the activity, not the leads.
 */

export interface FunnelStageActual {
  readonly stage: string;
  readonly partyId: string;
  readonly targetCount: number;
  readonly deliveredCount: number;
}

export interface ResponseComplianceEvidence {
  readonly partyId: string;
  /** % of decided clocks met, or null when none were decided. */
  readonly percentMet: number | null;
  readonly goalPercent: number;
}

export interface RejectionEvidence {
  readonly fromPartyId: string;
  readonly toPartyId: string;
  readonly handedOffCount: number;
  readonly rejectedCount: number;
}

export interface ActivityEvidence {
  readonly partyId: string;
  /** The goal's words for what is counted ("calls"). */
  readonly activity: string;
  readonly count: number;
  /** What the party's reps together should have logged by now. */
  readonly expectedByNowCount: number;
  readonly repCount: number;
  readonly repsBehindCount: number;
}

export interface RootCauseInput {
  readonly stages: readonly FunnelStageActual[];
  readonly responseCompliance?: readonly ResponseComplianceEvidence[];
  readonly rejections?: readonly RejectionEvidence[];
  readonly activities?: readonly ActivityEvidence[];
  /** A rejected share at or above this percent counts as evidence against the sender. */
  readonly rejectionAlertPercent?: number;
  /** How findings name a party (e.g. its display name); the party id by default. */
  readonly partyName?: (partyId: string) => string;
}

export type RootCauseCode =
  | 'too_few_delivered'
  | 'under_converted'
  | 'short_because_of_upstream'
  | 'slow_response'
  | 'rejected_as_unqualified'
  | 'too_few_activities';

export interface RootCauseFinding {
  readonly partyId: string;
  readonly code: RootCauseCode;
  readonly stage: string | null;
  readonly isAtFault: boolean;
  /** What the stage could have delivered given its input; null for evidence findings. */
  readonly expectedCount: number | null;
  readonly message: string;
}

export interface RootCause {
  readonly isGoalMet: boolean;
  readonly primaryPartyId: string | null;
  readonly findings: readonly RootCauseFinding[];
}

const tolerance = 1e-9;

export function attributeMissedGoal(input: RootCauseInput): RootCause {
  const stages = input.stages;
  const last = stages[stages.length - 1];
  const isGoalMet = last === undefined || last.deliveredCount >= last.targetCount;
  if (isGoalMet) return { isGoalMet: true, primaryPartyId: null, findings: [] };

  const findings: RootCauseFinding[] = [];
  const name = input.partyName ?? ((partyId: string) => partyId);
  stages.forEach((stage, index) => {
    const previous = stages[index - 1];
    const expectedCount =
      previous === undefined || previous.targetCount === 0
        ? stage.targetCount
        : (previous.deliveredCount * stage.targetCount) / previous.targetCount;
    if (stage.deliveredCount >= stage.targetCount) return;
    if (stage.deliveredCount + tolerance < expectedCount) {
      findings.push({
        partyId: stage.partyId,
        code: previous === undefined ? 'too_few_delivered' : 'under_converted',
        stage: stage.stage,
        isAtFault: true,
        expectedCount,
        message:
          previous === undefined
            ? `${name(stage.partyId)} delivered ${stage.deliveredCount} ${stage.stage} of ${wholeTarget(stage.targetCount)}`
            : `${name(stage.partyId)} turned ${previous.deliveredCount} ${previous.stage} into ${stage.deliveredCount} ${stage.stage}; the plan's rate gives ${round(expectedCount)}`,
      });
    } else {
      findings.push({
        partyId: stage.partyId,
        code: 'short_because_of_upstream',
        stage: stage.stage,
        isAtFault: false,
        expectedCount,
        message: `${name(stage.partyId)} delivered ${stage.deliveredCount} ${stage.stage} of ${wholeTarget(stage.targetCount)}, as many as its ${previous?.deliveredCount ?? 0} ${previous?.stage ?? ''} allowed`,
      });
    }
  });

  for (const evidence of input.responseCompliance ?? []) {
    if (evidence.percentMet !== null && evidence.percentMet < evidence.goalPercent) {
      findings.push({
        partyId: evidence.partyId,
        code: 'slow_response',
        stage: null,
        isAtFault: true,
        expectedCount: null,
        message: `${name(evidence.partyId)} met ${round(evidence.percentMet)} % of response goals against ${evidence.goalPercent} %`,
      });
    }
  }

  const alertPercent = input.rejectionAlertPercent ?? 30;
  for (const evidence of input.rejections ?? []) {
    if (evidence.handedOffCount === 0) continue;
    const rejectedPercent = (evidence.rejectedCount / evidence.handedOffCount) * 100;
    if (rejectedPercent >= alertPercent) {
      findings.push({
        partyId: evidence.fromPartyId,
        code: 'rejected_as_unqualified',
        stage: null,
        isAtFault: true,
        expectedCount: null,
        message: `${name(evidence.toPartyId)} rejected ${evidence.rejectedCount} of ${evidence.handedOffCount} handoffs from ${name(evidence.fromPartyId)} (${round(rejectedPercent)} %)`,
      });
    }
  }

  for (const evidence of input.activities ?? []) {
    if (evidence.count + tolerance >= evidence.expectedByNowCount) continue;
    const hadEnoughLeads = findings.some(
      (finding) => finding.partyId === evidence.partyId && finding.code === 'under_converted',
    );
    findings.push({
      partyId: evidence.partyId,
      code: 'too_few_activities',
      stage: null,
      isAtFault: true,
      expectedCount: evidence.expectedByNowCount,
      message:
        `${name(evidence.partyId)} logged ${evidence.count} ${evidence.activity} against ${round(evidence.expectedByNowCount)} expected by now` +
        ` (${evidence.repsBehindCount} of ${evidence.repCount} reps behind pace)` +
        (hadEnoughLeads ? '; with the leads it received, the shortfall points at the activity' : ''),
    });
  }

  const primary = findings.find(
    (finding) => finding.code === 'too_few_delivered' || finding.code === 'under_converted',
  );
  return {
    isGoalMet: false,
    primaryPartyId: primary?.partyId ?? findings.find((finding) => finding.isAtFault)?.partyId ?? null,
    findings,
  };
}

/** A stage's target count, derived from the goal through the plan's rates, as the whole items it takes. */
function wholeTarget(count: number): number {
  return Math.ceil(count - countEpsilon);
}

/** Float noise a derived target may carry (60 % of 100 computing as 60.000000000000007). */
const countEpsilon = 1e-9;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
