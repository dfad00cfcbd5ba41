import {
  clockUserId,
  evaluateClock,
  type HandoffEvent,
  type HandoffWithEvents,
  judgedEventId,
  templateTerms,
} from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { Action } from '../protocol/messages.js';
import { judgementsDue } from './judgements.js';
import { ownOpenClocks } from './own-clocks.js';
import { eventsOf, planAction } from './plan-action.js';
import { evaluateHandoff } from './record-clocks.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

// Tuesday 24 Nov 2026, 10:00 in New York (the template's office calendar, version 1).
const startMs = Date.UTC(2026, 10, 24, 15, 0);
const minute = 60_000;
const record: RecordRef = {
  crm: 'hubspot',
  objectType: 'contact',
  recordId: '51234501',
  url: 'https://app.hubspot.com/contacts/44001234/record/0-1/51234501',
};
const sam: Viewer = { userId: 'sam', role: 'editor' };

/** A hot lead (15 min target under the MQL response rule) handed from marketing to Sam at `startMs`. */
function workspaceWithHotLead(events: HandoffEvent[] = []): WorkspaceSnapshot {
  const terms = templateTerms();
  const handoff: HandoffWithEvents = {
    id: 'handoff-maya',
    agreementId: 'main',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: { ...record, displayName: 'Maya Lindqvist' },
    fromPartyId: 'marketing',
    fromUserId: 'mia',
    toPartyId: 'sdr',
    toUserId: 'sam',
    priority: 'hot',
    checklist: [],
    startedAtMs: startMs,
    events,
  };
  return {
    agreements: [{ id: 'main', title: 'SLA', status: 'active', terms }],
    members: [
      { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
      { userId: 'mia', displayName: 'Mia Marketing', partyId: 'marketing' },
      { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
    ],
    handoffs: [handoff],
    activities: [],
  };
}

function withEvents(snapshot: WorkspaceSnapshot, events: readonly HandoffEvent[]): WorkspaceSnapshot {
  return {
    ...snapshot,
    handoffs: snapshot.handoffs.map((handoff) => ({
      ...handoff,
      events: [...handoff.events, ...events.filter((event) => event.handoffId === handoff.id)],
    })),
  };
}

function act(snapshot: WorkspaceSnapshot, action: Action, atMs: number, id: string, viewer = sam) {
  const result = planAction({ snapshot, record, fields: {}, action, viewer, nowMs: atMs, newId: () => id });
  if (!result.ok) throw new Error(result.message);
  return result.write;
}

const mayaClock = (snapshot: WorkspaceSnapshot, atMs: number) => {
  const [first] = snapshot.handoffs;
  if (!first) throw new Error('no handoff');
  const [clock] = evaluateHandoff(first, snapshot, atMs);
  if (!clock) throw new Error('no clock');
  return evaluateClock(clock.rule, first, clock.calendar, atMs);
};

describe('judging clocks when an action stops them', () => {
  it('writes the first touch and the met judgement, with the rule and calendar versions, together', () => {
    const write = act(
      workspaceWithHotLead(),
      { kind: 'first_touch', handoffId: 'handoff-maya' },
      startMs + 5 * minute,
      'touch-1',
    );
    expect(write).toEqual({
      kind: 'event',
      event: {
        id: 'touch-1',
        handoffId: 'handoff-maya',
        atMs: startMs + 5 * minute,
        byUserId: 'sam',
        type: 'first_touch',
      },
      judgements: [
        {
          id: 'handoff-maya:judged:mql-response:touch-1',
          handoffId: 'handoff-maya',
          atMs: startMs + 5 * minute,
          byUserId: clockUserId,
          type: 'judged',
          ruleId: 'mql-response',
          outcome: 'met',
          ruleVersion: 1,
          calendarVersion: 1,
          elapsedMs: 5 * minute,
          targetMs: 15 * minute,
          stoppedAtMs: startMs + 5 * minute,
        },
      ],
    });
  });

  it('judges a late rejection as breached, and writes no judgement for actions that do not stop the rule', () => {
    const late = act(
      workspaceWithHotLead(),
      { kind: 'reject', handoffId: 'handoff-maya', reason: 'Not a fit' },
      startMs + 20 * minute,
      'reject-1',
    );
    expect(late.kind === 'event' && late.judgements).toMatchObject([
      { id: 'handoff-maya:judged:mql-response:reject-1', outcome: 'breached', elapsedMs: 20 * minute },
    ]);
    // The MQL response rule stops on first touch and rejection, not on acceptance or a pause.
    const accepted = act(
      workspaceWithHotLead(),
      { kind: 'accept', handoffId: 'handoff-maya' },
      startMs + minute,
      'a',
    );
    expect(accepted).toMatchObject({ kind: 'event', judgements: [] });
    const paused = act(
      workspaceWithHotLead(),
      { kind: 'pause', handoffId: 'handoff-maya', reason: 'Lead asked to be contacted later' },
      startMs + minute,
      'p',
    );
    expect(paused).toMatchObject({ kind: 'event', judgements: [] });
  });
});

describe('judging breaches nobody acted on', () => {
  it('judges the breach once the target is used up, and not before', () => {
    const snapshot = workspaceWithHotLead();
    expect(judgementsDue(snapshot, sam, startMs + 14 * minute)).toEqual([]);
    expect(judgementsDue(snapshot, sam, startMs + 16 * minute)).toEqual([
      {
        id: `handoff-maya:judged:mql-response:${startMs}:breached`,
        handoffId: 'handoff-maya',
        atMs: startMs + 15 * minute,
        byUserId: clockUserId,
        type: 'judged',
        ruleId: 'mql-response',
        outcome: 'breached',
        ruleVersion: 1,
        calendarVersion: 1,
        elapsedMs: 15 * minute,
        targetMs: 15 * minute,
      },
    ]);
  });

  it('gives the identical entry on every device and every wake-up, and nothing more once it is recorded', () => {
    const snapshot = workspaceWithHotLead();
    const onSamLaptop = judgementsDue(snapshot, sam, startMs + 16 * minute);
    const onMiaLaptop = judgementsDue(snapshot, { userId: 'mia', role: 'editor' }, startMs + 17 * minute);
    expect(onSamLaptop).toHaveLength(1);
    expect(onMiaLaptop).toEqual(onSamLaptop);
    const recorded = withEvents(snapshot, onSamLaptop);
    expect(judgementsDue(recorded, sam, startMs + 18 * minute)).toEqual([]);
    expect(judgementsDue(withEvents(recorded, onMiaLaptop), sam, startMs + 18 * minute)).toEqual([]);
    // Two judgements under one id is what a merge can never produce; even so, the earliest stands.
    expect(mayaClock(withEvents(recorded, onMiaLaptop), startMs + 18 * minute)).toMatchObject({
      state: 'breached',
      isJudged: true,
      elapsedMs: 15 * minute,
    });
  });

  it('never writes from a viewer token, nor for clocks that are not the user’s', () => {
    const snapshot = workspaceWithHotLead();
    expect(judgementsDue(snapshot, { userId: 'sam', role: 'viewer' }, startMs + 16 * minute)).toEqual([]);
    expect(judgementsDue(snapshot, { userId: 'alex', role: 'editor' }, startMs + 16 * minute)).toEqual([]);
  });

  it('keeps a judged breach open for the rep, counting the overdue time, until the response closes it', () => {
    const breachedAt = startMs + 16 * minute;
    const judged = withEvents(workspaceWithHotLead(), judgementsDue(workspaceWithHotLead(), sam, breachedAt));
    const [open] = ownOpenClocks(judged, sam, startMs + 20 * minute);
    expect(open?.result).toMatchObject({
      state: 'breached',
      isJudged: true,
      isStopped: false,
      isTicking: true,
    });
    expect(open?.view.remainingMs).toBe(-5 * minute);

    const touch = act(judged, { kind: 'first_touch', handoffId: 'handoff-maya' }, startMs + 25 * minute, 't');
    // The breach was already recorded: the response adds no second judgement.
    expect(touch).toMatchObject({ kind: 'event', judgements: [] });
    const closed = withEvents(judged, eventsOf(touch));
    expect(ownOpenClocks(closed, sam, startMs + 26 * minute)).toEqual([]);
    // The recorded breach stands as judged at the breach instant, whenever it was written.
    expect(mayaClock(closed, startMs + 26 * minute)).toMatchObject({
      state: 'breached',
      elapsedMs: 15 * minute,
    });
  });

  it('keeps the met judgement of a first touch that synced after another device judged a breach', () => {
    // Sam touched the lead offline at minute 5; Mia's device, not knowing it, judged a breach at 16.
    const touch = act(
      workspaceWithHotLead(),
      { kind: 'first_touch', handoffId: 'handoff-maya' },
      startMs + 5 * minute,
      't',
    );
    const breach = judgementsDue(
      workspaceWithHotLead(),
      { userId: 'mia', role: 'editor' },
      startMs + 16 * minute,
    );
    const merged = withEvents(workspaceWithHotLead(), [...breach, ...eventsOf(touch)]);
    expect(new Set([...breach, ...eventsOf(touch)].map((event) => event.id)).size).toBe(3);
    expect(mayaClock(merged, startMs + 20 * minute)).toMatchObject({
      state: 'met',
      isJudged: true,
      elapsedMs: 5 * minute,
    });
    expect(judgementsDue(merged, sam, startMs + 20 * minute)).toEqual([]);
  });

  it('judges the new leg again after a reassignment that resets the clock', () => {
    const snapshot = workspaceWithHotLead();
    const terms = snapshot.agreements[0]?.terms;
    if (!terms) throw new Error('no terms');
    const resetting: WorkspaceSnapshot = {
      ...snapshot,
      agreements: [
        {
          id: 'main',
          title: 'SLA',
          status: 'active',
          terms: {
            ...terms,
            rules: terms.rules.map((rule) =>
              rule.kind === 'response' ? { ...rule, isResetOnReassign: true } : rule,
            ),
          },
        },
      ],
    };
    const first = judgementsDue(resetting, sam, startMs + 16 * minute);
    const reassignedAtMs = startMs + 17 * minute;
    const reassigned = withEvents(resetting, [
      ...first,
      {
        id: 'r1',
        handoffId: 'handoff-maya',
        atMs: reassignedAtMs,
        byUserId: 'mia',
        type: 'reassigned',
        toUserId: 'sam',
      },
    ]);
    expect(judgementsDue(reassigned, sam, reassignedAtMs + 10 * minute)).toEqual([]);
    const second = judgementsDue(reassigned, sam, reassignedAtMs + 16 * minute);
    expect(second.map((event) => event.id)).toEqual([
      `handoff-maya:judged:mql-response:${reassignedAtMs}:breached`,
    ]);
    expect(second[0]?.id).not.toBe(first[0]?.id);
  });
});

describe('judgedEventId', () => {
  it('stays a valid entity id when the readable form would be too long, and stays deterministic', () => {
    const handoffId = 'h'.repeat(100);
    const id = judgedEventId(handoffId, 'mql-response', 'stop-event-1');
    expect(id).toMatch(/^judged:[0-9a-f]{16}$/);
    expect(judgedEventId(handoffId, 'mql-response', 'stop-event-1')).toBe(id);
    expect(judgedEventId(handoffId, 'mql-response', 'stop-event-2')).not.toBe(id);
  });
});
