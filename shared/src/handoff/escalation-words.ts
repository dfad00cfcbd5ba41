import type { Handoff, HandoffEvent } from './handoff.js';

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

export type EscalationNames = { person(userId: string): string; party(partyId: string): string };

export type EscalationRecipient = { kind: 'user'; userId: string } | { kind: 'party'; partyId: string };

/**
 * Whom an escalation is to reach, each once: the sender and the receiver as the handoff names them
 * (an unassigned receiver is their party), users and parties as named. An event from before rungs
 * carried their targets names its users.
 */
export function escalationTargetsOf(
  event: EscalatedEvent,
  handoff: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
): EscalationRecipient[] {
  const targets = event.targets ?? event.notifiedUserIds.map((userId) => ({ kind: 'user' as const, userId }));
  const recipients = new Map<string, EscalationRecipient>();
  const add = (recipient: EscalationRecipient) =>
    recipients.set(
      recipient.kind === 'user' ? `user:${recipient.userId}` : `party:${recipient.partyId}`,
      recipient,
    );
  for (const target of targets) {
    if (target.kind === 'user' || target.kind === 'party') add(target);
    else if (target.kind === 'sender') add({ kind: 'user', userId: handoff.fromUserId });
    else if (handoff.toUserId) add({ kind: 'user', userId: handoff.toUserId });
    else add({ kind: 'party', partyId: handoff.toPartyId });
  }
  return [...recipients.values()];
}

/** Whom an escalation reached, in words, one name each: people and parties, then channels named directly. */
export function escalationRecipients(
  event: EscalatedEvent,
  handoff: Pick<Handoff, 'fromUserId' | 'toUserId' | 'toPartyId'>,
  names: EscalationNames,
): string[] {
  const recipients = escalationTargetsOf(event, handoff).map((recipient) =>
    recipient.kind === 'user' ? names.person(recipient.userId) : names.party(recipient.partyId),
  );
  const channels = (event.channels ?? []).map((channel) => channel.name);
  return [...new Set([...recipients, ...channels].filter((name) => name !== ''))];
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
