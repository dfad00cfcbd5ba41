import { describe, expect, it } from 'vitest';
import { testHandoff } from '../testing/handoffs.js';
import { describeEscalation, escalationRecipients } from './escalation-words.js';
import type { HandoffEvent } from './handoff.js';

type Escalated = Extract<HandoffEvent, { type: 'escalated' }>;
const names = {
  person: (userId: string) =>
    ({ mia: 'Mia Marketing', sam: 'Sam SDR', dana: 'Dana Director' })[userId] ?? userId,
  party: (partyId: string) => ({ sdr: 'SDR', ae: 'AE' })[partyId] ?? partyId,
  rule: (ruleId: string) => (ruleId === 'mql-response' ? 'MQL response' : ruleId),
};
const event = (
  atPercent: number,
  targets?: Escalated['targets'],
  notifiedUserIds: string[] = [],
): Escalated => ({
  id: 'e',
  handoffId: 'h',
  atMs: 0,
  byUserId: 'pactline-clock',
  type: 'escalated',
  ruleId: 'mql-response',
  atPercent,
  notifiedUserIds,
  ...(targets ? { targets } : {}),
});

describe('escalations in words', () => {
  const handoff = testHandoff('h', 0, { fromUserId: 'mia', toUserId: 'sam' });

  it('names whom a rung reached, sender and receiver as the handoff names them', () => {
    expect(
      describeEscalation(event(80, [{ kind: 'receiver' }, { kind: 'user', userId: 'dana' }]), handoff, names),
    ).toBe('Escalated to Sam SDR and Dana Director at 80 % of MQL response');
    expect(
      describeEscalation(event(100, [{ kind: 'party', partyId: 'sdr' }, { kind: 'sender' }]), handoff, names),
    ).toBe('Escalated to SDR and Mia Marketing at the breach of MQL response');
  });

  it('names an unassigned receiver’s party, says each name once, and reads older events by their users', () => {
    const unassigned = { ...handoff, toUserId: undefined };
    expect(
      escalationRecipients(
        event(80, [{ kind: 'receiver' }, { kind: 'party', partyId: 'sdr' }]),
        unassigned,
        names,
      ),
    ).toEqual(['SDR']);
    expect(describeEscalation(event(80, undefined, ['sam', 'dana']), handoff, names)).toBe(
      'Escalated to Sam SDR and Dana Director at 80 % of MQL response',
    );
    expect(describeEscalation(event(80, undefined, []), handoff, names)).toBe(
      'Escalated at 80 % of MQL response',
    );
  });

  it('names the channels a rung reached directly after the people, each once', () => {
    const toChannel: Escalated = {
      ...event(100, [{ kind: 'receiver' }]),
      channels: [
        { kind: 'channel', channelId: 'sales-ops', name: '#sales-ops' },
        { kind: 'channel', channelId: 'sales-ops-2', name: '#sales-ops' },
      ],
    };
    expect(describeEscalation(toChannel, handoff, names)).toBe(
      'Escalated to Sam SDR and #sales-ops at the breach of MQL response',
    );
  });

  it('reads an event naming channels with the schema, and a client that knows none drops them', async () => {
    const { handoffEventSchema } = await import('./handoff.js');
    const written = {
      ...event(80, [{ kind: 'sender' }]),
      channels: [{ kind: 'channel', channelId: 'sales-ops', name: '#sales-ops' }],
    };
    expect(handoffEventSchema.parse(written)).toEqual(written);
    // A rung's channel never hides among the people and parties an older client reads.
    expect(
      handoffEventSchema.safeParse({ ...written, targets: [{ kind: 'channel', channelId: 'x', name: 'x' }] })
        .success,
    ).toBe(false);
  });
});
