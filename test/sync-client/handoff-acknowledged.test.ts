import 'fake-indexeddb/auto';
import { appendHandoff, handoffsRoomFor, readHandoffLog } from '@pactline/shared/doc';
import {
  type OpenDocumentOptions,
  type OpenedDocument,
  openDocument,
  type SyncState,
} from '@pactline/shared/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startPactlineRelay } from './pactline-relay.js';
import type { TestRelay } from './reference-relay.js';
import {
  freshWorkspace,
  openRelayObserver,
  pollFor,
  salesforceHandoff,
  waitForState,
} from './sync-client-support.js';

/**
 * The pattern of the browser extension's background against the relay process: one connector per
 * room (the directory, the agreement and three monthly handoff logs), each with its own IndexedDB
 * store and the cross-tab channel on, and a handoff appended to this month's log. The relay answers
 * a sync step 1 before it has stored the updates that preceded it, so a change that reaches it
 * together with a probe (on reconnection, or right after the edit) is confirmed only by asking
 * again: the log must not stay "unsent" once the relay holds the entry.
 */

let relay: TestRelay;
const opened: OpenedDocument[] = [];
let deviceCount = 0;

const fastBackoff = { initialMs: 20, maxMs: 200 };
const thisMonthMs = Date.UTC(2026, 10, 2, 9);

beforeAll(async () => {
  relay = await startPactlineRelay();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((document) => document.destroy()));
  await relay.goOnline();
});
afterAll(async () => {
  await relay.stop();
});

const handoff = (id: string) => salesforceHandoff(id, thisMonthMs);

function roomsOf(workspace: string) {
  const months = [0, 1, 2].map((back) => handoffsRoomFor(workspace, Date.UTC(2026, 10 - back, 2)));
  return {
    all: [`${workspace}/directory`, `${workspace}/agreement/a1`, ...months],
    thisMonth: months[0] ?? '',
  };
}

/** One device: a connector per room, each on its own IndexedDB store, as the extension opens them. */
async function openDevice(workspace: string, rooms: string[]): Promise<Map<string, OpenedDocument>> {
  deviceCount += 1;
  const token = await relay.mintToken({ ws: workspace });
  const documents = new Map<string, OpenedDocument>();
  for (const room of rooms) {
    const document = openDocument(room, {
      relayUrl: relay.url,
      token,
      WebSocketPolyfill: WebSocket as unknown as OpenDocumentOptions['WebSocketPolyfill'],
      localName: `extension-${deviceCount}-${room}`,
      backoff: fastBackoff,
    });
    opened.push(document);
    documents.set(room, document);
  }
  return documents;
}

function documentOf(documents: Map<string, OpenedDocument>, room: string): OpenedDocument {
  const document = documents.get(room);
  if (document === undefined) throw new Error(`room ${room} is not open`);
  return document;
}

const isConfirmed = (state: SyncState) => state.status === 'synced' && !state.hasUnsentChanges;

/** A separate client with no local store reads what the relay holds. */
async function handoffIdsAtRelay(workspace: string, room: string): Promise<string[]> {
  const observer = openRelayObserver(room, relay, await relay.mintToken({ ws: workspace }), {
    backoff: fastBackoff,
  });
  try {
    await waitForState(observer, (state) => state.status === 'synced', 'the observer synced');
    return readHandoffLog(observer.doc)
      .handoffs.map((entry) => entry.id)
      .sort();
  } finally {
    await observer.destroy();
  }
}

describe('a handoff appended by the extension background is confirmed once the relay holds it', () => {
  const moments = [
    ['in the same tick as opening fresh rooms', async () => {}],
    ['once the fresh log is loaded from IndexedDB', (log: OpenedDocument) => log.whenLocalLoaded],
    [
      'right after the fresh log synced',
      (log: OpenedDocument) => waitForState(log, (state) => state.status === 'synced', 'synced'),
    ],
  ] as const;

  it.each(moments)('when appended %s', async (_moment, reach) => {
    const workspace = freshWorkspace();
    const rooms = roomsOf(workspace);
    const documents = await openDevice(workspace, rooms.all);
    const log = documentOf(documents, rooms.thisMonth);
    await reach(log);

    expect(appendHandoff(log.doc, handoff('h1'))).toEqual({ ok: true });
    expect(log.getState().hasUnsentChanges).toBe(true);

    await waitForState(log, isConfirmed, 'the log confirmed');
    await Promise.all(
      [...documents.values()].map((document) => waitForState(document, isConfirmed, document.room)),
    );
    expect(await handoffIdsAtRelay(workspace, rooms.thisMonth)).toEqual(['h1']);
    expect(log.getState()).toMatchObject({ status: 'synced', hasUnsentChanges: false });
  });

  it('confirms a handoff appended while the relay was down once the restarted relay holds it', async () => {
    const workspace = freshWorkspace();
    const rooms = roomsOf(workspace);
    // Another member already wrote to this month's log, as in a seeded workspace.
    const colleague = await openDevice(workspace, [rooms.thisMonth]);
    const colleagueLog = documentOf(colleague, rooms.thisMonth);
    await waitForState(colleagueLog, (state) => state.status === 'synced', 'the colleague synced');
    expect(appendHandoff(colleagueLog.doc, handoff('h0'))).toEqual({ ok: true });
    await waitForState(colleagueLog, isConfirmed, 'the colleague’s handoff confirmed');
    await colleagueLog.destroy();

    const documents = await openDevice(workspace, rooms.all);
    const log = documentOf(documents, rooms.thisMonth);
    await waitForState(log, isConfirmed, 'the log synced');
    await relay.goOffline();
    await waitForState(log, (state) => state.status === 'offline', 'offline');

    expect(appendHandoff(log.doc, handoff('h1'))).toEqual({ ok: true });
    expect(log.getState()).toMatchObject({ status: 'offline', hasUnsentChanges: true });

    // The offline handoff reaches the restarted relay in the same exchange as the first probe.
    await relay.goOnline();
    await waitForState(log, isConfirmed, 'the offline handoff confirmed');
    expect(await handoffIdsAtRelay(workspace, rooms.thisMonth)).toEqual(['h0', 'h1']);
  });

  it('keeps a handoff unsent while the relay is down, through failed reconnects, and confirms it when the relay is back', async () => {
    const workspace = freshWorkspace();
    const rooms = roomsOf(workspace);
    const documents = await openDevice(workspace, rooms.all);
    const log = documentOf(documents, rooms.thisMonth);
    await waitForState(log, isConfirmed, 'the log synced');
    await relay.goOffline();
    await waitForState(log, (state) => state.status === 'offline', 'offline');
    expect(appendHandoff(log.doc, handoff('h1'))).toEqual({ ok: true });

    // Watch every state through several reconnect attempts that fail while the relay is down.
    const seen: SyncState[] = [];
    const unsubscribe = log.subscribe((state) => seen.push(state));
    try {
      await pollFor(
        () => (seen.filter((state) => state.status === 'connecting').length >= 3 ? true : undefined),
        'three reconnect attempts',
      );
    } finally {
      unsubscribe();
    }
    expect(seen.every((state) => state.hasUnsentChanges && state.status !== 'synced')).toBe(true);
    expect(log.getState().hasUnsentChanges).toBe(true);
    expect(await relayIsDown()).toBe(true);

    await relay.goOnline();
    await waitForState(log, isConfirmed, 'the handoff confirmed once the relay is back');
    expect(await handoffIdsAtRelay(workspace, rooms.thisMonth)).toEqual(['h1']);
  });
});

async function relayIsDown(): Promise<boolean> {
  try {
    await relay.openConnections();
    return false;
  } catch {
    return true;
  }
}
