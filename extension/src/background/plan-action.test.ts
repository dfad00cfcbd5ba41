import { type HandoffEvent, templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { Action } from '../protocol/messages.js';
import { buildRecordView } from './build-record-view.js';
import { eventsOf, type PlannedWrite, planAction } from './plan-action.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

// Tuesday 24 Nov 2026, 10:00 in New York (the template's office calendar).
const nowMs = Date.UTC(2026, 10, 24, 15, 0);
const record: RecordRef = {
  crm: 'salesforce',
  objectType: 'Lead',
  recordId: '00Q5g00000XyZaB',
  url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaB/view',
};
const sdr: Viewer = { userId: 'sam', role: 'editor' };
const fields = {
  name: 'Tomás Herrera',
  email: 'tomas@andes.example',
  phone: '+56 2 2555 0199',
  owner: 'Sam',
};

function emptyWorkspace(): WorkspaceSnapshot {
  return {
    agreements: [{ id: 'main', title: 'Marketing–Sales SLA', status: 'active', terms: templateTerms() }],
    members: [
      { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
      { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
    ],
    handoffs: [],
    activities: [],
  };
}

/** Applies planned writes the way the document layer appends them. */
function apply(snapshot: WorkspaceSnapshot, write: PlannedWrite): WorkspaceSnapshot {
  if (write.kind === 'handoff')
    return { ...snapshot, handoffs: [...snapshot.handoffs, { ...write.handoff, events: [] }] };
  const events = eventsOf(write);
  return {
    ...snapshot,
    activities: write.kind === 'activity' ? [...snapshot.activities, write.activity] : snapshot.activities,
    handoffs: snapshot.handoffs.map((handoff) => ({
      ...handoff,
      events: [...handoff.events, ...events.filter((event) => event.handoffId === handoff.id)],
    })),
  };
}

let counter = 0;
const newId = () => `id-${++counter}`;
const plan = (snapshot: WorkspaceSnapshot, action: Action, at = nowMs, viewer = sdr) =>
  planAction({ snapshot, record, fields, action, viewer, nowMs: at, newId });
const handOff: Action = {
  kind: 'hand_off',
  toPartyId: 'ae',
  checklist: { bant: true },
  displayName: 'Tomás Herrera',
};

describe('planAction', () => {
  it('hands a lead off when the required items are done, judging automatic items from the page', () => {
    const result = plan(emptyWorkspace(), { ...handOff, checklist: { bant: true, email: false } });
    expect(result.ok).toBe(true);
    const write = result.ok ? result.write : null;
    expect(write?.kind).toBe('handoff');
    if (write?.kind !== 'handoff') return;
    expect(write.handoff).toMatchObject({
      agreementId: 'main',
      rules: [{ ruleId: 'sql-first-touch', ruleVersion: 1 }],
      lead: { ...record, displayName: 'Tomás Herrera' },
      fromPartyId: 'sdr',
      fromUserId: 'sam',
      toPartyId: 'ae',
      stage: 'SQL',
      startedAtMs: nowMs,
    });
    expect(write.handoff.checklist.find((item) => item.itemId === 'email')).toMatchObject({
      isDone: true,
      isAutomatic: true,
    });
  });

  it('refuses the handoff while a required manual item is open, and names it', () => {
    expect(plan(emptyWorkspace(), { ...handOff, checklist: {} })).toEqual({
      ok: false,
      code: 'rejected',
      message: 'Required checklist items are not done: Budget, authority, need and timing noted.',
    });
  });

  it('refuses the handoff when the page did not let us read a required field', () => {
    const result = planAction({
      snapshot: emptyWorkspace(),
      record,
      fields: { ...fields, phone: null },
      action: handOff,
      viewer: sdr,
      nowMs,
      newId,
    });
    expect(result).toMatchObject({
      ok: false,
      message: 'Required checklist items are not done: Phone number is filled in.',
    });
  });

  it('refuses a second handoff while the first is open, and any action from a viewer', () => {
    const first = plan(emptyWorkspace(), handOff);
    if (!first.ok) throw new Error(first.message);
    const withHandoff = apply(emptyWorkspace(), first.write);
    expect(plan(withHandoff, handOff)).toMatchObject({
      ok: false,
      message: 'This lead already has an open handoff: act on it first.',
    });
    expect(plan(emptyWorkspace(), handOff, nowMs, { userId: 'vic', role: 'viewer' })).toMatchObject({
      ok: false,
    });
  });

  it('runs the clock, pauses it only for an allowed reason, resumes it and meets it on first touch', () => {
    const first = plan(emptyWorkspace(), handOff);
    if (!first.ok || first.write.kind !== 'handoff') throw new Error('handoff not planned');
    let snapshot = apply(emptyWorkspace(), first.write);
    const handoffId = first.write.handoff.id;
    const alex: Viewer = { userId: 'alex', role: 'editor' };
    const view = (at: number) =>
      buildRecordView({
        snapshot,
        record,
        fields,
        viewer: alex,
        nowMs: at,
        sync: { state: 'connected', hasUnsentChanges: false },
        isSchemaTooNew: false,
      });

    expect(view(nowMs + 60_000).clocks).toMatchObject([
      { state: 'running', ruleName: 'SQL first touch', remainingMs: 479 * 60_000 },
    ]);

    expect(plan(snapshot, { kind: 'pause', handoffId, reason: 'Lunch' }, nowMs + 60_000, alex)).toMatchObject(
      { ok: false },
    );
    const pause = plan(
      snapshot,
      { kind: 'pause', handoffId, reason: 'Prospect on holiday' },
      nowMs + 60_000,
      alex,
    );
    if (!pause.ok) throw new Error(pause.message);
    snapshot = apply(snapshot, pause.write);
    expect(view(nowMs + 120_000).clocks).toMatchObject([
      { state: 'paused', pauseReason: 'Prospect on holiday', isTicking: false },
    ]);

    const resume = plan(snapshot, { kind: 'resume', handoffId }, nowMs + 180_000, alex);
    if (!resume.ok) throw new Error(resume.message);
    snapshot = apply(snapshot, resume.write);
    const touch = plan(snapshot, { kind: 'first_touch', handoffId }, nowMs + 240_000, alex);
    if (!touch.ok) throw new Error(touch.message);
    snapshot = apply(snapshot, touch.write);

    const after = view(nowMs + 300_000);
    expect(after.clocks).toMatchObject([{ state: 'met' }]);
    expect(after.history.map((entry) => entry.type)).toEqual([
      'handed_off',
      'paused',
      'resumed',
      'first_touch',
    ]);
    expect(after.history[1]).toMatchObject({ by: 'Alex AE', reason: 'Prospect on holiday' });
    expect(plan(snapshot, { kind: 'accept', handoffId }, nowMs + 300_000, alex)).toMatchObject({
      ok: false,
      message: 'That handoff is already closed.',
    });
  });
});

describe('logging an activity', () => {
  const alex: Viewer = { userId: 'alex', role: 'editor' };
  const handedOff = () => {
    const first = plan(emptyWorkspace(), handOff);
    if (!first.ok || first.write.kind !== 'handoff') throw new Error('handoff not planned');
    return { snapshot: apply(emptyWorkspace(), first.write), handoffId: first.write.handoff.id };
  };
  const view = (snapshot: WorkspaceSnapshot, viewer: Viewer, at: number) =>
    buildRecordView({
      snapshot,
      record,
      fields,
      viewer,
      nowMs: at,
      sync: { state: 'connected', hasUnsentChanges: false },
      isSchemaTooNew: false,
    });

  it('logs a call on a record with no handoff, with its note, and moves the rep’s weekly pace', () => {
    const before = view(emptyWorkspace(), sdr, nowMs);
    expect(before.activityPace).toEqual([
      {
        ruleId: 'sdr-calls',
        activity: 'call',
        period: 'week',
        count: 0,
        targetCount: 50,
        // Tuesday 10:00 in New York: the office week's first 9 of 40 hours are past.
        expectedByNowCount: 12,
        isOnTrack: false,
        isMet: false,
      },
    ]);
    const result = plan(emptyWorkspace(), {
      kind: 'log_activity',
      activity: 'call',
      note: 'Left a voicemail',
    });
    if (!result.ok || result.write.kind !== 'activity') throw new Error('activity not planned');
    expect(result.write.events).toEqual([]);
    expect(result.write.activity).toEqual({
      id: expect.any(String),
      kind: 'call',
      lead: { ...record, displayName: 'Tomás Herrera' },
      atMs: nowMs,
      byUserId: 'sam',
      note: 'Left a voicemail',
    });
    const after = view(apply(emptyWorkspace(), result.write), sdr, nowMs + 1000);
    expect(after.activityPace[0]?.count).toBe(1);
    expect(after.history).toEqual([
      { id: result.write.activity.id, type: 'call', atMs: nowMs, by: 'Sam SDR', reason: 'Left a voicemail' },
    ]);
  });

  it('is the first touch of the handoff the rep must answer, and stops its clock met', () => {
    const { snapshot, handoffId } = handedOff();
    const result = plan(snapshot, { kind: 'log_activity', activity: 'email' }, nowMs + 60_000, alex);
    if (!result.ok || result.write.kind !== 'activity') throw new Error('activity not planned');
    expect(result.write.activity).toMatchObject({ kind: 'email', handoffId, byUserId: 'alex' });
    expect(result.write.activity).not.toHaveProperty('note');
    // The first touch alone, in Alex's name: the relay records the clock's outcome.
    expect(result.write.events.map((event) => event.type)).toEqual(['first_touch']);
    expect(result.write.events[0]).toMatchObject({ handoffId, channel: 'email', byUserId: 'alex' });
    const touched = apply(snapshot, result.write);
    expect(view(touched, alex, nowMs + 120_000).clocks).toMatchObject([{ state: 'met' }]);
    // A second call on the same lead is an activity only: the first touch happened.
    const again = plan(touched, { kind: 'log_activity', activity: 'call' }, nowMs + 180_000, alex);
    expect(again.ok && again.write.kind === 'activity' && again.write.events).toEqual([]);
  });

  it('is not the first touch when someone other than the receiver logs it, and never from a viewer', () => {
    const { snapshot, handoffId } = handedOff();
    // Sam handed the lead to the AEs; Sam's follow-up call is logged against the open handoff only.
    const result = plan(snapshot, { kind: 'log_activity', activity: 'call' }, nowMs + 60_000);
    expect(result.ok && result.write.kind === 'activity' && result.write.events).toEqual([]);
    expect(result.ok && result.write.kind === 'activity' && result.write.activity.handoffId).toBe(handoffId);
    expect(
      plan(snapshot, { kind: 'log_activity', activity: 'call' }, nowMs, { userId: 'vic', role: 'viewer' }),
    ).toMatchObject({ ok: false });
  });
});

describe('buildRecordView', () => {
  it('offers the checklist of the viewer party with automatic items judged from the page', () => {
    const view = buildRecordView({
      snapshot: emptyWorkspace(),
      record,
      fields: { ...fields, phone: null },
      viewer: sdr,
      nowMs,
      sync: { state: 'offline', hasUnsentChanges: true },
      isSchemaTooNew: false,
    });
    expect(view.handOffTargets).toEqual([{ id: 'ae', label: 'Account executives' }]);
    expect(view.checklist.stage).toBe('SQL');
    expect(view.checklist.items.slice(0, 2)).toEqual([
      {
        id: 'email',
        label: 'Email is filled in',
        isRequired: true,
        autoCheck: { field: 'email', result: 'passed' },
      },
      {
        id: 'phone',
        label: 'Phone number is filled in',
        isRequired: true,
        autoCheck: { field: 'phone', result: 'unreadable', message: "can't read phone on this page" },
      },
    ]);
    expect(view.clocks).toEqual([]);
    expect(view.displayName).toBe('Tomás Herrera');
  });

  it('is read-only for a viewer and for documents with a newer schema', () => {
    const input = {
      snapshot: emptyWorkspace(),
      record,
      fields,
      nowMs,
      sync: { state: 'connected' as const, hasUnsentChanges: false },
    };
    expect(
      buildRecordView({ ...input, viewer: { userId: 'v', role: 'viewer' }, isSchemaTooNew: false })
        .isReadOnly,
    ).toBe(true);
    expect(buildRecordView({ ...input, viewer: sdr, isSchemaTooNew: true }).isReadOnly).toBe(true);
    expect(buildRecordView({ ...input, viewer: sdr, isSchemaTooNew: false }).isReadOnly).toBe(false);
  });

  it('tells in the history whom a rung reached, in words, by Pactline', () => {
    const handed = plan(emptyWorkspace(), handOff);
    if (!handed.ok) throw new Error(handed.message);
    const snapshot = apply(emptyWorkspace(), handed.write);
    const handoff = snapshot.handoffs[0];
    if (handoff === undefined) throw new Error('no handoff');
    const escalated: HandoffEvent = {
      id: 'rung',
      handoffId: handoff.id,
      atMs: nowMs + 60_000,
      byUserId: 'pactline-clock',
      type: 'escalated',
      ruleId: 'sql-first-touch',
      atPercent: 100,
      notifiedUserIds: [],
      targets: [{ kind: 'party', partyId: 'ae' }, { kind: 'sender' }],
    };
    const view = buildRecordView({
      snapshot: { ...snapshot, handoffs: [{ ...handoff, events: [escalated] }] },
      record,
      fields,
      viewer: sdr,
      nowMs: nowMs + 120_000,
      sync: { state: 'connected', hasUnsentChanges: false },
      isSchemaTooNew: false,
    });
    expect(view.history.find((entry) => entry.id === 'rung')).toMatchObject({
      type: 'escalated',
      by: 'Pactline',
      detail: 'to Account executives and Sam SDR at the breach of SQL first touch',
    });
  });
});
