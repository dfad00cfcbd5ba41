import {
  type Agreement,
  escalationsDue,
  type HandoffEvent,
  type HandoffWithEvents,
  judgementDue,
  nextClockChangeAtMs,
} from '@pactline/shared';

export type DerivedEventsPlan = {
  /** `escalated` and `judged` events due by `nowMs` and not yet in the log, by time then id. */
  events: HandoffEvent[];
  /** When the plan next changes if nothing is recorded, or null. */
  nextAtMs: number | null;
  /** Response clocks not judged yet (running or paused), those judged by this plan excluded. */
  openClocks: number;
};

/**
 * What the watcher records for a workspace at `nowMs`: for every response clock a handoff started
 * (rules no longer in the agreement, disabled rules and rules without their calendar are skipped),
 * its due rungs and its judgement, with the ids and content every writer derives alike.
 */
export function derivedEventsDue(
  agreements: readonly Agreement[],
  handoffs: readonly HandoffWithEvents[],
  nowMs: number,
): DerivedEventsPlan {
  const byId = new Map(agreements.map((agreement) => [agreement.id, agreement]));
  const events: HandoffEvent[] = [];
  let nextAtMs: number | null = null;
  let openClocks = 0;
  for (const handoff of handoffs) {
    const agreement = byId.get(handoff.agreementId);
    if (agreement === undefined) continue;
    for (const { ruleId } of handoff.rules) {
      const rule = agreement.terms.rules.find((candidate) => candidate.id === ruleId);
      if (rule?.kind !== 'response' || !rule.isEnabled) continue;
      const calendar = agreement.terms.calendars.find((candidate) => candidate.id === rule.calendarId);
      if (calendar === undefined) continue;
      events.push(...escalationsDue(rule, handoff, calendar, nowMs));
      const judged = judgementDue(rule, handoff, calendar, nowMs);
      if (judged !== null) events.push(judged);
      const isJudged = handoff.events.some((event) => event.type === 'judged' && event.ruleId === ruleId);
      if (judged === null && !isJudged) openClocks++;
      const changeAtMs = nextClockChangeAtMs(rule, handoff, calendar, nowMs);
      if (changeAtMs !== null && (nextAtMs === null || changeAtMs < nextAtMs)) nextAtMs = changeAtMs;
    }
  }
  events.sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { events, nextAtMs, openClocks };
}
