import { describe, expect, it } from 'vitest';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { canonicalJson } from '../handoff/log-chain.js';
import { handoffLogCsv } from './handoff-log-csv.js';

describe('handoffLogCsv', () => {
  it('writes the handoff, then its events in time order, with untrusted names defused', () => {
    const handoff: HandoffWithEvents = {
      id: 'h1',
      agreementId: 'a1',
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: '0-1',
        recordId: '101',
        url: 'https://app.hubspot.com/contacts/1/record/0-1/101',
        displayName: '=cmd|"/c calc"',
      },
      fromPartyId: 'marketing',
      fromUserId: 'marketer',
      toPartyId: 'sdr',
      toUserId: 'rep-a',
      priority: 'hot',
      checklist: [],
      startedAtMs: Date.UTC(2026, 10, 23, 9),
      receivedAtMs: Date.UTC(2026, 10, 23, 9, 0, 2),
      events: [
        {
          id: 'e2',
          handoffId: 'h1',
          atMs: Date.UTC(2026, 10, 23, 9, 30),
          byUserId: 'rep-a',
          type: 'rejected',
          reason: 'Not a fit, wrong region',
          // Reached the relay three hours after the time it claims.
          receivedAtMs: Date.UTC(2026, 10, 23, 12, 30),
        },
        {
          id: 'e1',
          handoffId: 'h1',
          atMs: Date.UTC(2026, 10, 23, 9, 10),
          byUserId: 'rep-a',
          type: 'accepted',
        },
      ],
    };
    const { events: _events, receivedAtMs: _receipt, ...stored } = handoff;
    const lines = handoffLogCsv([handoff]).split('\r\n');
    expect(lines[0]).toBe(
      'handoff_id,at,event,by,detail,lead,crm,record_id,url,from_party,to_party,to_user,priority,rules,received_at,recorded_late_minutes,chain_seq,chain_prev,chain_hash,chained_at,entry',
    );
    // Not linked (no chain given): blank links, and the entry as the log stores it.
    expect(lines[1]).toBe(
      'h1,2026-11-23T09:00:00.000Z,handoff,marketer,,"\'=cmd|""/c calc""",hubspot,101,https://app.hubspot.com/contacts/1/record/0-1/101,marketing,sdr,rep-a,hot,mql-response,2026-11-23T09:00:02.000Z,,,,,,' +
        `"${canonicalJson(stored).replaceAll('"', '""')}"`,
    );
    // The acceptance's receipt is not known; the rejection was recorded 180 minutes late.
    expect(lines[2]?.includes(',mql-response,,,,,,,"{')).toBe(true);
    expect(lines[3]?.includes(',mql-response,2026-11-23T12:30:00.000Z,180,,,,,"{')).toBe(true);
    expect(lines[2]?.startsWith('h1,2026-11-23T09:10:00.000Z,accepted,rep-a,,')).toBe(true);
    expect(
      lines[3]?.startsWith('h1,2026-11-23T09:30:00.000Z,rejected,rep-a,"Not a fit, wrong region",'),
    ).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
  });

  it('carries each entry’s link and the entry as stored, from which every other column is read', () => {
    const handoff: HandoffWithEvents = {
      id: 'h1',
      agreementId: 'a1',
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: '0-1',
        recordId: '101',
        url: 'https://app.hubspot.com/contacts/1/record/0-1/101',
        displayName: 'Ada',
      },
      fromPartyId: 'marketing',
      fromUserId: 'marketer',
      toPartyId: 'sdr',
      checklist: [],
      startedAtMs: Date.UTC(2026, 10, 23, 9),
      events: [],
    };
    const { events: _events, ...entry } = handoff;
    // As stored, with a key the read model does not know: the export keeps it.
    const stored = { ...entry, extra: 'kept' };
    const link = { seq: 1, prev: '', hash: 'a'.repeat(64), atMs: Date.UTC(2026, 10, 23, 9, 0, 1) };
    const lines = handoffLogCsv([handoff], new Map([['handoffs/h1', { entry: stored, link }]])).split('\r\n');
    const quoted = `"${canonicalJson(stored).replaceAll('"', '""')}"`;
    expect(lines[1]?.endsWith(`,1,,${'a'.repeat(64)},2026-11-23T09:00:01.000Z,${quoted}`)).toBe(true);
  });
});
