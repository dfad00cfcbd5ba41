import type { Handoff, HandoffEvent } from './handoff.js';

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

export type EscalationNames = { person(userId: string): string; party(partyId: string): string };

/**
 * Whom an escalation reached, in words, one name each: the sender and the receiver as the handoff
 * names them (an unassigned receiver is their party), users and parties by name. An event from
 * before rungs carried their targets names its users.
 */
export function escalationRecipients(
  event: EscalatedEvent,
  handoff: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
  names: EscalationNames,
): string[] {
  const targets = event.targets ?? event.notifiedUserIds.map((userId) => ({ kind: 'user' as const, userId }));
  const recipients = targets.map((target) => {
    if (target.kind === 'user') return names.person(target.userId);
    if (target.kind === 'party') return names.party(target.partyId);
    if (target.kind === 'sender') return names.person(handoff.fromUserId);
    return handoff.toUserId ? names.person(handoff.toUserId) : names.party(handoff.toPartyId);
  });
  return [...new Set(recipients.filter((name) => name !== ''))];
}

/** "A, B and C". */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "to SDR and Mia Marketing at 80 % of MQL response" (or "at the breach of …"). */
export function escalationInWords(
  event: EscalatedEvent,
  handoff: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
  names: EscalationNames & { rule(ruleId: string): string },
): string {
  const to = listInWords(escalationRecipients(event, handoff, names));
  const rule = names.rule(event.ruleId);
  const when = event.atPercent >= 100 ? `at the breach of ${rule}` : `at ${event.atPercent} % of ${rule}`;
  return to ? `to ${to} ${when}` : when;
}

/** "Escalated to SDR and Mia Marketing at 80 % of MQL response". */
export function describeEscalation(
  event: EscalatedEvent,
  handoff: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
  names: EscalationNames & { rule(ruleId: string): string },
): string {
  return `Escalated ${escalationInWords(event, handoff, names)}`;
}
