import type { Handoff, HandoffEvent } from '@pactline/shared';
import {
  appendHandoff,
  handoffsRoomFor,
  readHandoffLog,
  upsertDirectoryAgreement,
} from '@pactline/shared/doc';
import type { OpenDocumentOptions, OpenedDocument, SyncState } from '@pactline/shared/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maxAgreementRooms, openRelayWorkspace } from './relay-workspace.js';

const nowMs = Date.UTC(2026, 10, 24, 15, 0);
const room = handoffsRoomFor('acme', nowMs);

/** Documents kept in memory, as the connector hands them out before any relay answers. */
function device() {
  const docs = new Map<string, Y.Doc>();
  const open = (name: string, _options: OpenDocumentOptions): OpenedDocument => {
    const doc = new Y.Doc();
    docs.set(name, doc);
    doc.on('destroy', () => docs.delete(name));
    const state: SyncState = { status: 'offline', hasUnsentChanges: false, isLocalLoaded: true };
    return {
      room: name,
      doc,
      whenLocalLoaded: Promise.resolve(),
      getState: () => state,
      subscribe: () => () => {},
      destroy: async () => doc.destroy(),
    } as unknown as OpenedDocument;
  };
  const workspace = openRelayWorkspace(
    { workspace: 'acme', relayUrl: 'ws://127.0.0.1:1', token: 't' },
    { open, nowMs: () => nowMs },
  );
  const log = () => {
    const doc = docs.get(room);
    if (!doc) throw new Error('the month log is not open');
    return doc;
  };
  return { workspace, log, docs };
}

const handoff: Handoff = {
  id: 'handoff-maya',
  agreementId: 'sla',
  rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
  lead: {
    crm: 'hubspot',
    objectType: 'contact',
    recordId: '1',
    url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
    displayName: 'Maya Lindqvist',
  },
  fromPartyId: 'marketing',
  fromUserId: 'mia',
  toPartyId: 'sdr',
  toUserId: 'sam',
  checklist: [],
  startedAtMs: nowMs,
};
const touch: HandoffEvent = {
  id: 'touch-1',
  handoffId: 'handoff-maya',
  atMs: nowMs + 60_000,
  byUserId: 'sam',
  type: 'first_touch',
};
describe('openRelayWorkspace append', () => {
  it('writes an action in one update to the log of its handoff’s month', async () => {
    const { workspace, log } = device();
    await workspace.whenLoaded;
    expect(workspace.append({ kind: 'handoff', handoff })).toEqual({ ok: true });
    const updates: Uint8Array[] = [];
    log().on('update', (update: Uint8Array) => updates.push(update));
    expect(workspace.append({ kind: 'event', event: touch })).toEqual({ ok: true });
    expect(updates).toHaveLength(1);
    expect(readHandoffLog(log()).handoffs[0]?.events).toEqual([touch]);
    workspace.destroy();
  });

  it('refuses an action already in the log and writes nothing', async () => {
    const { workspace, log } = device();
    await workspace.whenLoaded;
    workspace.append({ kind: 'handoff', handoff });
    workspace.append({ kind: 'event', event: touch });
    const again = workspace.append({ kind: 'event', event: touch });
    expect(again).toMatchObject({ ok: false, code: 'duplicate' });
    expect(readHandoffLog(log()).handoffs[0]?.events.map((event) => event.type)).toEqual(['first_touch']);
    workspace.destroy();
  });
});

describe('openRelayWorkspace agreements', () => {
  it('keeps a bounded number of agreements open from a flooded directory, the ones its clocks need first', async () => {
    // What was tried: a hostile editor lists 2,000 draft agreements, which would be 2,000 sockets
    // and IndexedDB stores. What survived: at most maxAgreementRooms are open, among them the one
    // in force and an older one a recent handoff still runs under.
    const { workspace, log, docs } = device();
    await workspace.whenLoaded;
    appendHandoff(log(), { ...handoff, agreementId: 'last-year-sla' });
    const directory = docs.get('acme/directory') as Y.Doc;
    directory.transact(() => {
      upsertDirectoryAgreement(directory, { id: 'real-sla', title: 'SLA', status: 'active' });
      upsertDirectoryAgreement(directory, { id: 'last-year-sla', title: 'Old SLA', status: 'cancelled' });
      for (let index = 0; index < 2000; index++)
        upsertDirectoryAgreement(directory, { id: `junk-${index}`, title: 'Junk', status: 'draft' });
    });
    await Promise.resolve();
    const openAgreements = () => [...docs.keys()].filter((room) => room.startsWith('acme/agreement/'));
    expect(openAgreements()).toHaveLength(maxAgreementRooms);
    expect(openAgreements()).toEqual(
      expect.arrayContaining(['acme/agreement/real-sla', 'acme/agreement/last-year-sla']),
    );
    // The rest in the directory's order (by title, then id).
    expect(openAgreements()).toContain('acme/agreement/junk-0');
    expect(openAgreements()).not.toContain('acme/agreement/junk-999');

    // The directory shrinks back: the junk closes (its stores and sockets go with it).
    directory.transact(() => {
      for (let index = 0; index < 2000; index++) directory.getMap('agreements').delete(`junk-${index}`);
    });
    expect(openAgreements().sort()).toEqual(['acme/agreement/last-year-sla', 'acme/agreement/real-sla']);
    workspace.destroy();
  });
});
