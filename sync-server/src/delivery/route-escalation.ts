import {
  type Agreement,
  escalationTargetsOf,
  type HandoffEvent,
  type HandoffWithEvents,
  type Member,
} from '@pactline/shared';
import type { Channel, NewDelivery } from './delivery-store.js';
import { escalationMessage } from './escalation-message.js';

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

/**
 * The deliveries of one escalation: each recipient (a person, or a party as a whole) reaches the
 * channels their party chose (a person through the party the directory gives them), a channel the
 * rung named reaches itself, and each channel gets one message naming the recipients it reaches
 * (itself, by its name on the relay, when named directly), keyed `<event id>:<channel id>`.
 * Recipients no channel reaches are returned by name, for the log.
 */
export function deliveriesFor(input: {
  workspace: string;
  agreement: Agreement;
  handoff: HandoffWithEvents;
  event: EscalatedEvent;
  members: readonly Member[];
  channels: readonly Channel[];
  appUrl: string | null;
}): { deliveries: NewDelivery[]; unreached: string[] } {
  const { event, handoff } = input;
  const message = escalationMessage(input);
  const targets = escalationTargetsOf(event, handoff);
  const byChannel = new Map<string, string[]>();
  const unreached: string[] = [];
  targets.forEach((target, index) => {
    const name = message.recipients[index] ?? '';
    const partyId =
      target.kind === 'party'
        ? target.partyId
        : input.members.find((member) => member.userId === target.userId)?.partyId;
    const reached = input.channels.filter(
      (channel) =>
        channel.forParties === 'all' || (partyId !== undefined && channel.forParties.includes(partyId)),
    );
    if (reached.length === 0) unreached.push(name);
    for (const channel of reached) byChannel.set(channel.id, [...(byChannel.get(channel.id) ?? []), name]);
  });
  for (const named of event.channels ?? []) {
    const channel = input.channels.find((candidate) => candidate.id === named.channelId);
    if (channel === undefined) {
      unreached.push(`${named.name} (no such channel on this relay)`);
      continue;
    }
    const recipients = byChannel.get(channel.id) ?? [];
    if (!recipients.includes(channel.name)) byChannel.set(channel.id, [...recipients, channel.name]);
  }
  const deliveries = [...byChannel].map(([channelId, recipients]) => ({
    workspace: input.workspace,
    idempotencyKey: `${event.id}:${channelId}`,
    channelId,
    message: { ...message, recipients },
  }));
  return { deliveries, unreached };
}
