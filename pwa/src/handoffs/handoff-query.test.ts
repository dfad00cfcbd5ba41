import type { HandoffWithEvents } from '@pactline/shared';
import { type TestEvent, type TestHandoffOptions, testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { HandoffRowIndex } from './handoff-query';
import { liveState, projectHandoff } from './handoff-row';

const hour = 3_600_000;
function handoff(
  id: string,
  startedAtMs: number,
  events: TestEvent[],
  extra: TestHandoffOptions = {},
): HandoffWithEvents {
  return testHandoff(id, startedAtMs, {
    agreementId: 'sla',
    fromUserId: 'mia',
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: id,
      url: `https://app.hubspot.com/contacts/1/record/0-1/${id}`,
      displayName: `Lead ${id}`,
    },
    ...extra,
    events,
  });
}

describe('handoff rows', () => {
  it('carries the parties by their team names, following a reassignment to another party', () => {
    const names: Record<string, string> = {
      marketing: 'Marketing',
      sdr: 'Sales development',
      ae: 'Account executives',
    };
    const reassigned = projectHandoff(
      handoff('r', 0, [{ type: 'reassigned', atMs: 1, byUserId: 'sam', toPartyId: 'ae' }]),
      undefined,
      (partyId) => names[partyId],
    );
    expect(reassigned).toMatchObject({
      fromPartyName: 'Marketing',
      toPartyId: 'ae',
      toPartyName: 'Account executives',
    });
    expect(projectHandoff(handoff('n', 0, []))).not.toHaveProperty('toPartyName');
  });

  it('projects the settled state and judged response time from the events', () => {
    const met = projectHandoff(
      handoff('a', 0, [
        { type: 'first_touch', atMs: hour, byUserId: 'sam' },
        {
          type: 'judged',
          atMs: hour,
          byUserId: 'system',
          ruleId: 'mql-response',
          outcome: 'met',
          ruleVersion: 1,
          calendarVersion: 1,
          elapsedMs: hour,
          targetMs: 4 * hour,
        },
      ]),
    );
    expect(met).toMatchObject({ state: 'met', responseMs: hour, repIds: ['sam'], month: '1970-01' });
    const paused = projectHandoff(
      handoff('b', 0, [{ type: 'paused', atMs: 1, byUserId: 'sam', reason: 'Waiting for marketing data' }]),
    );
    expect(paused.state).toBe('paused');
    const resumed = projectHandoff(
      handoff('c', 0, [
        { type: 'paused', atMs: 1, byUserId: 'sam', reason: 'x' },
        { type: 'resumed', atMs: 2, byUserId: 'sam' },
        { type: 'reassigned', atMs: 3, byUserId: 'lee', toUserId: 'tom' },
      ]),
    );
    expect(resumed).toMatchObject({ state: 'open', toUserId: 'tom', responseMs: -1 });
    expect(resumed.repIds).toContain('tom');
  });

  it('turns an open handoff overdue at its breach time and takes the response time from the clock', () => {
    const open = projectHandoff(handoff('o', 0, []), {
      responseMs: null,
      breachAtMs: 4 * hour,
      outcome: null,
    });
    expect(liveState(open, 4 * hour - 1)).toBe('open');
    expect(liveState(open, 4 * hour)).toBe('overdue');
    const index = new HandoffRowIndex([open]);
    expect(
      index.query({ state: 'overdue', atMs: 5 * hour }, { field: 'startedAtMs', isDescending: false }),
    ).toHaveLength(1);
    expect(
      index.query({ state: 'open', atMs: 5 * hour }, { field: 'startedAtMs', isDescending: false }),
    ).toHaveLength(0);
    const touch = [{ type: 'first_touch' as const, atMs: hour, byUserId: 'sam' }];
    const answered = projectHandoff(handoff('a', 0, touch), {
      responseMs: 45 * 60_000,
      breachAtMs: null,
      outcome: 'met',
    });
    expect(answered).toMatchObject({ state: 'met', responseMs: 45 * 60_000, breachAtMs: null });
    // Without the agreement on this device there is no clock: the row says it was answered.
    expect(projectHandoff(handoff('b', 0, touch)).state).toBe('responded');
  });

  it('keeps a rejected handoff rejected after its clock is judged, with its response time', () => {
    const rejectedInTime = projectHandoff(
      handoff('r', 0, [
        { type: 'rejected', atMs: hour, byUserId: 'sam', reason: 'student' },
        {
          type: 'judged',
          atMs: hour,
          byUserId: 'pactline-clock',
          ruleId: 'mql-response',
          ruleVersion: 1,
          calendarVersion: 1,
          outcome: 'met',
          elapsedMs: hour,
          targetMs: 4 * hour,
        },
      ]),
      { responseMs: hour, breachAtMs: null, outcome: 'met' },
    );
    expect(rejectedInTime).toMatchObject({ state: 'rejected', responseMs: hour });
  });

  it('filters by rule, party, rep, state and period and sorts both ways', () => {
    const rows = [
      projectHandoff(handoff('h1', 3 * hour, [], { toUserId: 'sam' })),
      projectHandoff(
        handoff('h2', 1 * hour, [{ type: 'rejected', atMs: 2 * hour, byUserId: 'tom', reason: 'duplicate' }]),
      ),
      projectHandoff(
        handoff('h3', 2 * hour, [], {
          toPartyId: 'ae',
          fromPartyId: 'sdr',
          rules: [{ ruleId: 'sql-first-touch', ruleVersion: 1 }],
        }),
      ),
    ];
    const index = new HandoffRowIndex(rows);
    const ids = (filter: Parameters<HandoffRowIndex['query']>[0], isDescending = false) =>
      index.query(filter, { field: 'startedAtMs', isDescending }).map((row) => row.id);
    expect(ids({})).toEqual(['h2', 'h3', 'h1']);
    expect(ids({}, true)).toEqual(['h1', 'h3', 'h2']);
    expect(ids({ ruleId: 'sql-first-touch' })).toEqual(['h3']);
    expect(ids({ partyId: 'ae' })).toEqual(['h3']);
    expect(ids({ repId: 'tom' })).toEqual(['h2']);
    expect(ids({ state: 'rejected' })).toEqual(['h2']);
    expect(ids({ fromMs: 2 * hour, toMs: 3 * hour })).toEqual(['h3']);
    expect(ids({ text: 'lead H1' })).toEqual(['h1']);
    expect(index.query({}, { field: 'leadName', isDescending: false }).map((row) => row.id)).toEqual([
      'h1',
      'h2',
      'h3',
    ]);
    expect(index.facets().repIds).toEqual(['mia', 'sam', 'tom']);
  });
});
