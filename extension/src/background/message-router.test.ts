import { type HandoffWithEvents, templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../protocol/messages.js';
import type { WorkspacePort } from './documents/workspace-port.js';
import { routeMessage } from './message-router.js';
import { eventsOf, type PlannedWrite } from './plan-action.js';
import type { WorkspaceSnapshot } from './workspace-snapshot.js';

/** An in-memory workspace: the router's collaborator, so these tests exercise routing and validation only. */
function memoryWorkspace(): WorkspacePort & { writes: PlannedWrite[] } {
  const handoffs: HandoffWithEvents[] = [];
  const writes: PlannedWrite[] = [];
  const base: WorkspaceSnapshot = {
    agreements: [{ id: 'main', title: 'SLA', status: 'active', terms: templateTerms() }],
    members: [{ userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' }],
    handoffs,
    activities: [],
  };
  return {
    writes,
    whenLoaded: Promise.resolve(),
    snapshot: () => ({ ...base, handoffs: [...handoffs], isSchemaTooNew: false }),
    append(write) {
      writes.push(write);
      if (write.kind === 'handoff') handoffs.push({ ...write.handoff, events: [] });
      else {
        const events = eventsOf(write);
        for (const event of events) {
          const index = handoffs.findIndex((handoff) => handoff.id === event.handoffId);
          const handoff = handoffs[index];
          if (handoff) handoffs[index] = { ...handoff, events: [...handoff.events, event] };
        }
      }
      return { ok: true };
    },
    onChange: () => () => {},
    sync: () => ({ state: 'connected', hasUnsentChanges: false }),
    destroy: () => {},
  } as WorkspacePort & { writes: PlannedWrite[] };
}

const record = {
  crm: 'hubspot',
  objectType: 'contact',
  recordId: '7',
  url: 'https://app.hubspot.com/contacts/1/record/0-1/7',
};
const fields = { name: 'Maya', email: 'maya@example.com', phone: '+1 555 0100' };
const nowMs = Date.UTC(2026, 10, 24, 15, 0);

function context(workspace: WorkspacePort) {
  let id = 0;
  return {
    workspace: async () => workspace,
    viewer: () => ({ userId: 'sam', role: 'editor' as const }),
    nowMs: () => nowMs,
    newId: () => `id-${++id}`,
  };
}

describe('what a CRM page may ask', () => {
  const page = (pageUrl: string) => ({
    ...context(memoryWorkspace()),
    sender: { kind: 'crm_page' as const, pageUrl },
  });

  it('answers a page about the record it shows', async () => {
    const response = await routeMessage({ type: MessageType.openRecord, record, fields }, page(record.url));
    expect(response).toMatchObject({ ok: true, view: { record } });
  });

  it('refuses a page that asks about another record, another site, or everyone’s clocks', async () => {
    // What was tried: a CRM tab's process (shared with the CRM's scripts) asks for what it does not show.
    const other = { ...record, recordId: '8', url: 'https://app.hubspot.com/contacts/1/record/0-1/8' };
    for (const [asked, pageUrl] of [
      [{ type: MessageType.openRecord, record: other, fields }, record.url],
      [{ type: MessageType.openRecord, record, fields }, 'https://evil.example/contacts/1/record/0-1/7'],
      [{ type: MessageType.listClocks }, record.url],
    ] as const) {
      expect(await routeMessage(asked, page(pageUrl))).toMatchObject({ ok: false, code: 'rejected' });
    }
    // The popup, an extension page, still lists them.
    const popup = { ...context(memoryWorkspace()), sender: { kind: 'extension_page' as const } };
    expect(await routeMessage({ type: MessageType.listClocks }, popup)).toMatchObject({ ok: true });
  });
});

describe('routeMessage', () => {
  it('answers an open-record message with the record view', async () => {
    const response = await routeMessage(
      { type: MessageType.openRecord, record, fields },
      context(memoryWorkspace()),
    );
    expect(response).toMatchObject({
      ok: true,
      view: { record, displayName: 'Maya', clocks: [], handOffTargets: [{ id: 'ae' }] },
    });
  });

  it('appends one handoff for a hand-off action and answers with the running clock', async () => {
    const workspace = memoryWorkspace();
    const response = await routeMessage(
      {
        type: MessageType.act,
        record,
        fields,
        action: { kind: 'hand_off', toPartyId: 'ae', checklist: { bant: true } },
      },
      context(workspace),
    );
    expect(workspace.writes).toHaveLength(1);
    expect(response).toMatchObject({
      ok: true,
      view: { clocks: [{ state: 'running', ruleName: 'SQL first touch' }] },
    });
  });

  it('refuses an action the agreement does not allow and writes nothing', async () => {
    const workspace = memoryWorkspace();
    const response = await routeMessage(
      {
        type: MessageType.act,
        record,
        fields: {},
        action: { kind: 'hand_off', toPartyId: 'ae', checklist: {} },
      },
      context(workspace),
    );
    expect(response).toMatchObject({ ok: false, code: 'rejected' });
    expect(workspace.writes).toEqual([]);
  });

  it('answers a malformed message with invalid_message and never reaches the workspace', async () => {
    let isReached = false;
    const response = await routeMessage(
      { type: MessageType.openRecord, record: { ...record, url: 'javascript:alert(1)' } },
      {
        ...context(memoryWorkspace()),
        workspace: async () => {
          isReached = true;
          return memoryWorkspace();
        },
      },
    );
    expect(response).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(isReached).toBe(false);
  });

  it('passes on why there is no workspace', async () => {
    const response = await routeMessage(
      { type: MessageType.listClocks },
      {
        ...context(memoryWorkspace()),
        workspace: async () => ({
          ok: false,
          code: 'not_configured',
          message: 'Set the relay token in the options',
        }),
      },
    );
    expect(response).toEqual({
      ok: false,
      code: 'not_configured',
      message: 'Set the relay token in the options',
    });
  });

  it('lists the viewer open clocks for the popup', async () => {
    const workspace = memoryWorkspace();
    await routeMessage(
      {
        type: MessageType.act,
        record,
        fields,
        action: { kind: 'hand_off', toPartyId: 'ae', checklist: { bant: true } },
      },
      context(workspace),
    );
    const response = await routeMessage({ type: MessageType.listClocks }, context(workspace));
    expect(response).toMatchObject({
      ok: true,
      clocks: [{ record, displayName: 'Maya', clock: { state: 'running' } }],
    });
  });
});
