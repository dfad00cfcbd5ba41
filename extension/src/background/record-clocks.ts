import {
  type CalendarDefinition,
  type HandoffWithEvents,
  leadKey,
  type ResponseRule,
} from '@pactline/shared';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { ClockView } from '../protocol/record-view.js';
import { type ClockSnapshot, clockSnapshot } from './sla/clock-snapshot.js';
import { displayNameOf, type WorkspaceSnapshot } from './workspace-snapshot.js';

export interface EvaluatedClock {
  handoff: HandoffWithEvents;
  rule: ResponseRule;
  calendar: CalendarDefinition;
  result: ClockSnapshot;
  view: ClockView;
}

/** Every response-rule clock a handoff started, evaluated at `nowMs`; rules no longer in the agreement are skipped. */
export function evaluateHandoff(
  handoff: HandoffWithEvents,
  snapshot: WorkspaceSnapshot,
  nowMs: number,
): EvaluatedClock[] {
  const agreement = snapshot.agreements.find((candidate) => candidate.id === handoff.agreementId);
  if (!agreement) return [];
  const partyName = (id: string) => agreement.terms.parties.find((party) => party.id === id)?.name ?? id;
  return handoff.rules.flatMap(({ ruleId }) => {
    const rule = agreement.terms.rules.find((candidate) => candidate.id === ruleId);
    if (rule?.kind !== 'response') return [];
    const calendar = agreement.terms.calendars.find((candidate) => candidate.id === rule.calendarId);
    if (!calendar) return [];
    const result = clockSnapshot(rule, handoff, calendar, nowMs);
    const view: ClockView = {
      handoffId: handoff.id,
      ruleId: rule.id,
      ruleName: rule.name,
      state: result.state,
      ...(result.pauseReason ? { pauseReason: result.pauseReason } : {}),
      remainingMs: Math.round(result.remainingMs),
      targetMs: Math.round(result.targetMs),
      breachAtMs: result.breachAtMs === null ? null : Math.round(result.breachAtMs),
      isTicking: result.isTicking,
      evaluatedAtMs: nowMs,
      nextChangeAtMs: result.nextChangeAtMs === null ? null : Math.round(result.nextChangeAtMs),
      fromParty: partyName(handoff.fromPartyId),
      toParty: partyName(handoff.toPartyId),
      ...(handoff.toUserId ? { owner: displayNameOf(snapshot, handoff.toUserId) } : {}),
    };
    return [{ handoff, rule, calendar, result, view }];
  });
}

export function handoffsOf(snapshot: WorkspaceSnapshot, record: RecordRef): HandoffWithEvents[] {
  const key = leadKey(record);
  return snapshot.handoffs
    .filter((handoff) => leadKey(handoff.lead) === key)
    .sort((a, b) => a.startedAtMs - b.startedAtMs);
}

/** A clock stays open until a stop event arrives, breached or not: the rep still has to act. */
export function openClocks(clocks: readonly EvaluatedClock[]): EvaluatedClock[] {
  return clocks.filter((clock) => !clock.result.isStopped);
}
