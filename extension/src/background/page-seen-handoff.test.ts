import { type ResponseRule, templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { FieldValues } from '../protocol/messages.js';
import { planPageSeenHandoff } from './page-seen-handoff.js';
import type { Viewer, WorkspaceSnapshot } from './workspace-snapshot.js';

const nowMs = Date.UTC(2026, 10, 24, 15, 0);
const record: RecordRef = {
  crm: 'hubspot',
  objectType: 'contact',
  recordId: '51234777',
  url: 'https://app.hubspot.com/contacts/44001234/record/0-1/51234777',
};
const sam: Viewer = { userId: 'sam', role: 'editor' };
const qualified: FieldValues = {
  name: 'Maya Lindqvist',
  email: 'maya@nordlicht.example',
  phone: '',
  lifecycleStage: '  sales qualified   LEAD ',
};

/** The template, with SDR → AE handoffs starting when the lifecycle stage becomes SQL. */
function workspace(
  trigger: ResponseRule['trigger'] | null = {
    kind: 'stage',
    field: 'lifecycleStage',
    value: 'Sales Qualified Lead',
  },
): WorkspaceSnapshot {
  const terms = templateTerms();
  terms.rules = terms.rules.map((rule) =>
    rule.kind === 'response' && rule.id === 'sql-first-touch'
      ? trigger === null
        ? rule
        : { ...rule, trigger }
      : rule,
  );
  return {
    agreements: [{ id: 'main', title: 'SLA', status: 'active', terms }],
    members: [{ userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' }],
    handoffs: [],
    activities: [],
  };
}

const seen = (snapshot: WorkspaceSnapshot, fields = qualified, viewer = sam, at = nowMs) =>
  planPageSeenHandoff({ snapshot, record, fields, viewer, nowMs: at });

describe('handoffs seen on the page', () => {
  it('starts one when the page shows the stage a rule waits for, with the checklist as the page has it', () => {
    const handoff = seen(workspace());
    expect(handoff).toMatchObject({
      agreementId: 'main',
      rules: [{ ruleId: 'sql-first-touch', ruleVersion: 1 }],
      lead: { ...record, displayName: 'Maya Lindqvist' },
      fromPartyId: 'sdr',
      fromUserId: 'sam',
      toPartyId: 'ae',
      startedAtMs: nowMs,
      source: 'page',
      startedAtSource: 'seen',
    });
    // Nobody ticked the qualification notes and the phone is empty: the skipped gate is recorded.
    const missing = handoff?.checklist
      .filter((item) => item.isRequired && !item.isDone)
      .map((item) => item.itemId);
    expect(missing).toEqual(expect.arrayContaining(['bant', 'phone']));
    expect(handoff?.checklist.find((item) => item.itemId === 'email')?.isDone).toBe(true);
  });

  it('derives the same id on every device, so two people seeing the change write one handoff', () => {
    const first = seen(workspace());
    const elsewhere = seen(
      workspace(),
      { ...qualified, name: 'Maya L.' },
      { userId: 'ada', role: 'editor' },
      nowMs + 60_000,
    );
    expect(first?.id).toMatch(/^page-[0-9a-f]{14}$/);
    expect(elsewhere?.id).toBe(first?.id);
    // Once it is in the log, seeing the page again starts nothing.
    const withIt = { ...workspace(), handoffs: [{ ...(first as NonNullable<typeof first>), events: [] }] };
    expect(seen(withIt)).toBeNull();
  });

  it('starts nothing for another stage, a button rule, a viewer, or a lead that already has an open handoff', () => {
    expect(seen(workspace(), { ...qualified, lifecycleStage: 'Marketing Qualified Lead' })).toBeNull();
    expect(seen(workspace(), { ...qualified, lifecycleStage: null })).toBeNull();
    expect(seen(workspace({ kind: 'button' }))).toBeNull();
    expect(seen(workspace(null))).toBeNull();
    expect(seen(workspace(), qualified, { userId: 'vic', role: 'viewer' })).toBeNull();
    const open = workspace();
    const byButton = seen(open);
    if (byButton === null) throw new Error('expected a handoff');
    const pressed = { ...open, handoffs: [{ ...byButton, id: 'pressed', source: undefined, events: [] }] };
    expect(seen(pressed)).toBeNull();
  });

  it('starts a new one when a lead comes back to the stage after its earlier handoff closed', () => {
    const snapshot = workspace();
    const first = seen(snapshot);
    if (first === null) throw new Error('expected a handoff');
    const closed = {
      ...snapshot,
      handoffs: [
        {
          ...first,
          events: [
            { id: 'e1', handoffId: first.id, atMs: nowMs + 1, byUserId: 'ada', type: 'first_touch' as const },
          ],
        },
      ],
    };
    const again = seen(closed, qualified, sam, nowMs + 86_400_000);
    expect(again).not.toBeNull();
    expect(again?.id).not.toBe(first.id);
  });

  it('starts one when the page shows the owner to be a member of the trigger’s party, handed to them', () => {
    const snapshot = {
      ...workspace({ kind: 'owner', partyId: 'ae' }),
      members: [
        { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
        { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
      ],
    };
    expect(seen(snapshot, { ...qualified, owner: 'Sam SDR' })).toBeNull();
    expect(seen(snapshot, { ...qualified, owner: 'Someone Else' })).toBeNull();
    expect(seen(snapshot, { ...qualified, owner: '' })).toBeNull();
    const handoff = seen(snapshot, { ...qualified, owner: ' alex  ae ' });
    expect(handoff).toMatchObject({ fromPartyId: 'sdr', toPartyId: 'ae', toUserId: 'alex', source: 'page' });
    // Another owner from the party is another change: another id.
    const other = seen(
      {
        ...snapshot,
        members: [...snapshot.members, { userId: 'ada', displayName: 'Ada Eze', partyId: 'ae' }],
      },
      { ...qualified, owner: 'Ada Eze' },
    );
    expect(other?.toUserId).toBe('ada');
    expect(other?.id).not.toBe(handoff?.id);
  });

  it('knows a member by the name the CRM shows for them, from the directory', () => {
    const snapshot = {
      ...workspace({ kind: 'owner', partyId: 'ae' }),
      members: [
        { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
        { userId: 'alex', displayName: 'Alex AE', partyId: 'ae', crmNames: ['Alexandra Eriksson'] },
      ],
    };
    const handoff = seen(snapshot, { ...qualified, owner: 'Alexandra Eriksson' });
    expect(handoff).toMatchObject({ toPartyId: 'ae', toUserId: 'alex' });
    // The same change seen under either name is the same handoff.
    expect(seen(snapshot, { ...qualified, owner: 'Alex AE' })?.id).toBe(handoff?.id);
  });

  it('starts the clock at the CRM’s own time of the change where the page shows it, with its zone', () => {
    const twoHoursAgo = new Date(nowMs - 2 * 3_600_000).toISOString();
    const handoff = seen(workspace(), { ...qualified, stageChangedAt: twoHoursAgo });
    expect(handoff).toMatchObject({ startedAtMs: nowMs - 2 * 3_600_000, startedAtSource: 'crm' });
    // An offset other than Z is the same instant.
    const withOffset = seen(workspace(), { ...qualified, stageChangedAt: '2026-11-24T11:30:00-03:00' });
    expect(withOffset).toMatchObject({ startedAtMs: Date.UTC(2026, 10, 24, 14, 30), startedAtSource: 'crm' });
    // The same change seen by two devices at different times is one handoff with one start.
    const later = seen(workspace(), { ...qualified, stageChangedAt: twoHoursAgo }, sam, nowMs + 600_000);
    expect(later?.id).toBe(handoff?.id);
    expect(later?.startedAtMs).toBe(handoff?.startedAtMs);
  });

  it('takes the time the change was first seen when the CRM’s time is missing, zoneless, future or stale', () => {
    for (const shown of [
      undefined,
      null,
      '',
      '24/11/2026 13:00',
      '2026-11-24 13:00',
      '2026-11-24T13:00:00',
      new Date(nowMs + 3_600_000).toISOString(),
      new Date(nowMs - 200 * 86_400_000).toISOString(),
      'yesterday',
    ]) {
      const fields = shown === undefined ? qualified : { ...qualified, stageChangedAt: shown };
      expect([shown, seen(workspace(), fields)?.startedAtSource]).toEqual([shown, 'seen']);
    }
    // The owner's time is for owner triggers; a stage trigger does not take it.
    const owner = seen(workspace(), { ...qualified, ownerChangedAt: new Date(nowMs - 60_000).toISOString() });
    expect(owner?.startedAtSource).toBe('seen');
  });

  it('takes the owner-assigned time for an owner trigger', () => {
    const snapshot = {
      ...workspace({ kind: 'owner', partyId: 'ae' }),
      members: [
        { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
        { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
      ],
    };
    const assigned = new Date(nowMs - 45 * 60_000).toISOString();
    expect(seen(snapshot, { ...qualified, owner: 'Alex AE', ownerChangedAt: assigned })).toMatchObject({
      toUserId: 'alex',
      startedAtMs: nowMs - 45 * 60_000,
      startedAtSource: 'crm',
    });
  });
});
