import { type HandoffEvent, templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import { describeEvent, handoffNames } from './handoff-names';

const names = handoffNames(
  [
    { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
    { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
  ],
  templateTerms('UTC'),
);
const base = { id: 'e', handoffId: 'h', atMs: 0, byUserId: 'sam' };

describe('handoff names', () => {
  it('reads people, parties and rules by name, and keeps an unknown id as it is', () => {
    expect(names.person('alex')).toBe('Alex AE');
    expect(names.party('sdr')).not.toBe('sdr');
    expect(names.rule('sql-first-touch')).toBe('SQL first touch');
    expect(names.person('someone-new')).toBe('someone-new');
    expect(names.rule('a-removed-rule')).toBe('a-removed-rule');
  });

  it('reads names from every agreement the log spans', () => {
    const other = templateTerms('UTC');
    const renamed = {
      ...other,
      parties: other.parties.map((party) => (party.id === 'ae' ? { ...party, name: 'Closers' } : party)),
      rules: [{ ...other.rules[0], id: 'partner-response', name: 'Partner response' }],
    } as typeof other;
    const both = handoffNames(
      [],
      new Map([
        ['a', templateTerms('UTC')],
        ['b', renamed],
      ]).values(),
    );
    expect(both.rule('sql-first-touch')).toBe('SQL first touch');
    expect(both.rule('partner-response')).toBe('Partner response');
    expect(both.party('ae')).toBe('Closers');
    expect(handoffNames([], null).party('ae')).toBe('ae');
  });

  it('describes events with names, never ids', () => {
    const events: HandoffEvent[] = [
      { ...base, type: 'reassigned', toUserId: 'alex' },
      {
        ...base,
        byUserId: 'pactline-clock',
        type: 'escalated',
        ruleId: 'sql-first-touch',
        atPercent: 80,
        notifiedUserIds: ['sam', 'alex'],
      },
      {
        ...base,
        byUserId: 'pactline-clock',
        type: 'judged',
        ruleId: 'sql-first-touch',
        outcome: 'met',
        ruleVersion: 1,
        calendarVersion: 1,
        elapsedMs: 3 * 3_600_000,
        targetMs: 8 * 3_600_000,
      },
    ];
    expect(events.map((event) => describeEvent(event, names))).toEqual([
      'Reassigned by Sam SDR to Alex AE',
      'Escalated to Sam SDR and Alex AE at 80 % of SQL first touch',
      'Met SQL first touch in 3 h 00 min of 8 h 00 min (rule version 1)',
    ]);
  });

  it('says whom a rung reached, from the handoff it belongs to', () => {
    const event: HandoffEvent = {
      ...base,
      byUserId: 'pactline-clock',
      type: 'escalated',
      ruleId: 'mql-response',
      atPercent: 100,
      notifiedUserIds: [],
      targets: [{ kind: 'party', partyId: 'ae' }, { kind: 'receiver' }],
    };
    expect(describeEvent(event, names, { fromUserId: 'mia', toUserId: 'sam', toPartyId: 'sdr' })).toBe(
      `Escalated to ${names.party('ae')} and Sam SDR at the breach of MQL response`,
    );
  });
});
