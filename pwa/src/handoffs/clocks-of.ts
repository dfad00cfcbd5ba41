import {
  type AgreementTerms,
  type ClockResult,
  evaluateClock,
  type HandoffWithEvents,
  type ResponseRule,
} from '@pactline/shared';

/**
 * The clocks of one handoff, one per rule it started, from the agreement's current rules and
 * calendars (a judged clock keeps the versions it was judged under).
 */
export type LiveClock = { ruleName: string; clock: ClockResult } | { ruleName: string; problem: string };

export function clocksOf(handoff: HandoffWithEvents, terms: AgreementTerms, nowMs: number): LiveClock[] {
  return handoff.rules.map(({ ruleId }) => {
    const rule = terms.rules.find((candidate) => candidate.id === ruleId);
    if (!rule) return { ruleName: ruleId, problem: 'this rule is no longer in the agreement' };
    if (rule.kind !== 'response') return { ruleName: rule.name, problem: 'not a response-time rule' };
    const calendar = terms.calendars.find((candidate) => candidate.id === (rule as ResponseRule).calendarId);
    if (!calendar) return { ruleName: rule.name, problem: `its calendar "${rule.calendarId}" is missing` };
    try {
      return { ruleName: rule.name, clock: stillCounting(rule, handoff, calendar, nowMs) };
    } catch (error) {
      // A calendar the engine cannot walk must not take the whole view down.
      return { ruleName: rule.name, problem: `this clock cannot be computed (${String(error)})` };
    }
  });
}

/**
 * A breach judged before anyone responded records the outcome, but the lead still waits: the clock
 * keeps counting how far over it is until someone responds (the judgement's versions still stand).
 */
function stillCounting(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: AgreementTerms['calendars'][number],
  nowMs: number,
): ClockResult {
  const clock = evaluateClock(rule, handoff, calendar, nowMs);
  if (!clock.isJudged || clock.state !== 'breached' || clock.stopEvent !== null) return clock;
  const unjudged = { ...handoff, events: handoff.events.filter((event) => event.type !== 'judged') };
  const live = evaluateClock(rule, unjudged, calendar, nowMs);
  return live.isOpen ? { ...live, isJudged: true, ruleVersion: clock.ruleVersion } : clock;
}
