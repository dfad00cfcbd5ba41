import {
  type Agreement,
  escalationTargetsOf,
  type HandoffEvent,
  type HandoffWithEvents,
  type Member,
  receiverAt,
  targetMinutesFor,
} from '@pactline/shared';

/**
 * What a channel says about an escalation, before it is put in a channel's format (a generic
 * webhook's JSON, Slack's blocks, a Teams card). Built when the notification is routed, from the
 * documents as the watcher read them, and kept with the delivery: a retry a day later says what
 * was true when the rung fell due, and sending needs no document.
 */
export type EscalationMessage = {
  workspace: string;
  eventId: string;
  handoffId: string;
  reason: 'rung' | 'breached';
  atPercent: number;
  /** When the rung fell due, ISO 8601. */
  dueAt: string;
  rule: { id: string; name: string; targetMinutes: number };
  /** "80 % of 4 h used", "breached: 4 h used", "over by 0:35 business time". */
  headline: string;
  lead: { name: string; crm: string; recordUrl: string };
  /** Who holds the lead now: the receiver, or their party while it is unassigned. */
  holder: { name: string; party: string };
  sender: { name: string; party: string };
  /** Whom this escalation is for, by name (on one channel: those this channel reaches). */
  recipients: string[];
  /** The handoff in the PWA, when the relay knows where the PWA is served. */
  handoffUrl: string | null;
};

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

/** "4 h", "35 min", "1 h 30 min". */
export function minutesInWords(minutes: number): string {
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "0:35", "12:05". */
function clockInWords(minutes: number): string {
  const whole = Math.round(minutes);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function headlineOf(atPercent: number, targetMinutes: number): string {
  const target = minutesInWords(targetMinutes);
  if (atPercent < 100) return `${atPercent} % of ${target} used`;
  if (atPercent === 100) return `breached: ${target} used`;
  return `over by ${clockInWords(((atPercent - 100) / 100) * targetMinutes)} business time`;
}

export function escalationMessage(input: {
  workspace: string;
  agreement: Agreement;
  handoff: HandoffWithEvents;
  event: EscalatedEvent;
  members: readonly Member[];
  appUrl: string | null;
}): EscalationMessage {
  const { agreement, handoff, event } = input;
  const rule = agreement.terms.rules.find((candidate) => candidate.id === event.ruleId);
  const targetMinutes = rule?.kind === 'response' ? targetMinutesFor(rule, handoff.priority) : 0;
  const person = (userId: string | undefined) =>
    userId === undefined
      ? ''
      : (input.members.find((member) => member.userId === userId)?.displayName ?? userId);
  const party = (partyId: string) =>
    agreement.terms.parties.find((candidate) => candidate.id === partyId)?.name ?? partyId;
  const holder = receiverAt(handoff, event.atMs);
  const recipients = escalationTargetsOf(event, handoff).map((target) =>
    target.kind === 'user' ? person(target.userId) : party(target.partyId),
  );
  return {
    workspace: input.workspace,
    eventId: event.id,
    handoffId: handoff.id,
    reason: event.reason ?? (event.atPercent >= 100 ? 'breached' : 'rung'),
    atPercent: event.atPercent,
    dueAt: new Date(event.atMs).toISOString(),
    rule: { id: event.ruleId, name: rule?.name ?? event.ruleId, targetMinutes },
    headline:
      targetMinutes > 0
        ? headlineOf(event.atPercent, targetMinutes)
        : `${event.atPercent} % of the target used`,
    lead: {
      name: handoff.lead.displayName ?? handoff.lead.recordId,
      crm: handoff.lead.crm,
      recordUrl: handoff.lead.url,
    },
    holder: {
      name: holder.repId === null ? party(holder.partyId) : person(holder.repId),
      party: party(holder.partyId),
    },
    sender: { name: person(handoff.fromUserId), party: party(handoff.fromPartyId) },
    recipients,
    handoffUrl:
      input.appUrl === null
        ? null
        : `${input.appUrl.replace(/\/$/, '')}/#/log/${encodeURIComponent(handoff.id)}`,
  };
}
