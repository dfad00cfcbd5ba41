import 'fake-indexeddb/auto';
import type { Handoff } from '@pactline/shared';
import {
  appendHandoff,
  initAgreement,
  readAgreement,
  readHandoffLog,
  setAgreementTitle,
  upsertRule,
} from '@pactline/shared/doc';
import {
  type OpenDocumentOptions,
  type OpenedDocument,
  openDocument,
  reconnectDelayMs,
} from '@pactline/shared/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { startPactlineRelay } from './pactline-relay.js';
import { startReferenceRelay, type TestRelay } from './reference-relay.js';
import {
  countingWebSocket,
  freshWorkspace,
  pollFor,
  recordingScheduler,
  waitForState,
} from './sync-client-support.js';

/**
 * The connector over real sockets against the reference y-websocket server, fronted by our relay's
 * connection contract (token and workspace checks). Each test uses its own workspace.
 */

const relays = [
  ['the reference y-websocket server', startReferenceRelay],
  ['the Pactline relay process', startPactlineRelay],
] as const;

let relay: TestRelay;
const opened: OpenedDocument[] = [];

const fastBackoff = { initialMs: 20, maxMs: 200 };

async function open(room: string, workspace: string, options: Partial<OpenDocumentOptions> = {}) {
  const document = openDocument(room, {
    relayUrl: relay.url,
    token: await relay.mintToken({ ws: workspace }),
    WebSocketPolyfill: WebSocket as unknown as OpenDocumentOptions['WebSocketPolyfill'],
    // Separate devices: no cross-tab channel, one IndexedDB store each.
    isBroadcastChannelEnabled: false,
    localName: `device-${opened.length}-${room}`,
    backoff: fastBackoff,
    ...options,
  });
  opened.push(document);
  return document;
}

const startedAtMs = Date.UTC(2026, 10, 2, 9);

function handoff(id: string, offsetMs: number): Handoff {
  return {
    id,
    agreementId: 'a1',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: `r-${id}`,
      url: `https://app.hubspot.com/contacts/1/record/0-1/${id}`,
      displayName: `Lead ${id}`,
    },
    fromPartyId: 'marketing',
    fromUserId: 'sam',
    toPartyId: 'sdr',
    checklist: [],
    startedAtMs: startedAtMs + offsetMs,
  };
}

function rule(document: OpenedDocument, id: string) {
  const found = readAgreement(document.doc).agreement?.terms.rules.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

describe.each(relays)('openDocument over real sockets against %s', (name, startTestRelay) => {
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((document) => document.destroy()));
    await relay.goOnline();
  });
  afterAll(async () => {
    await relay.stop();
  });

  it('goes connecting → synced, shows unsent until the relay holds an edit, and converges two clients', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/a1`;
    const a = await open(room, workspace);
    const statuses: string[] = [];
    a.subscribe((state) => statuses.push(state.status));
    await waitForState(a, (state) => state.status === 'synced', 'a synced');

    initAgreement(a.doc, { id: 'a1', title: 'Acme SLA', createdAtMs: Date.UTC(2026, 10, 1) });
    expect(a.getState()).toMatchObject({ hasUnsentChanges: true });
    await waitForState(a, (state) => state.status === 'unsent', 'a unsent');
    await waitForState(a, (state) => state.status === 'synced' && !state.hasUnsentChanges, 'a confirmed');

    const b = await open(room, workspace);
    await waitForState(b, (state) => state.status === 'synced', 'b synced');
    expect(readAgreement(b.doc)).toEqual(readAgreement(a.doc));
    expect(statuses.filter((status, index) => status !== statuses[index - 1])).toEqual([
      'offline',
      'connecting',
      'synced',
      'unsent',
      'synced',
    ]);
  });

  it('converges two clients that edited the same agreement while disconnected', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/offline`;
    const a = await open(room, workspace);
    await waitForState(a, (state) => state.status === 'synced', 'a synced');
    initAgreement(a.doc, { id: 'offline', title: 'Acme SLA', createdAtMs: Date.UTC(2026, 10, 1) });
    await waitForState(a, (state) => state.status === 'synced', 'a confirmed');
    const b = await open(room, workspace);
    await waitForState(
      b,
      (state) => state.status === 'synced' && readAgreement(b.doc).agreement !== null,
      'b has it',
    );

    await relay.goOffline();
    await waitForState(a, (state) => state.status === 'offline', 'a offline');
    await waitForState(b, (state) => state.status === 'offline', 'b offline');
    const response = rule(a, 'mql-response');
    if (response.kind !== 'response') throw new Error('expected a response rule');
    expect(upsertRule(a.doc, { ...response, targetMinutes: 30 })).toEqual({ ok: true, version: 2 });
    expect(setAgreementTitle(b.doc, 'Acme revenue SLA')).toEqual({ ok: true });
    expect(upsertRule(b.doc, { ...rule(b, 'sdr-calls'), name: 'Dials' })).toEqual({ ok: true, version: 2 });
    expect(a.getState()).toMatchObject({ status: 'offline', hasUnsentChanges: true });
    expect(b.getState()).toMatchObject({ status: 'offline', hasUnsentChanges: true });
    expect(readAgreement(a.doc).agreement?.title).toBe('Acme SLA');

    await relay.goOnline();
    await waitForState(a, (state) => state.status === 'synced', 'a back');
    await waitForState(b, (state) => state.status === 'synced', 'b back');
    await pollFor(
      () =>
        JSON.stringify(readAgreement(a.doc)) === JSON.stringify(readAgreement(b.doc)) ? true : undefined,
      'both replicas equal',
    );
    const merged = readAgreement(a.doc).agreement;
    expect(merged?.title).toBe('Acme revenue SLA');
    expect(rule(a, 'mql-response')).toMatchObject({ targetMinutes: 30, version: 2 });
    expect(rule(a, 'sdr-calls')).toMatchObject({ name: 'Dials', version: 2 });
    expect(readAgreement(a.doc).problems).toEqual([]);
  });

  it('sends only the differences on a warm reconnect from the IndexedDB copy', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/handoffs/2026-11`;
    const localName = `warm-${room}`;
    const first = await open(room, workspace, { localName });
    await waitForState(first, (state) => state.status === 'synced', 'first synced');
    for (let index = 0; index < 500; index++) appendHandoff(first.doc, handoff(`h${index}`, index));
    await waitForState(first, (state) => state.status === 'synced', 'log confirmed');
    // Pactline's relay stamps when it received each handoff, right after: this device holds them too.
    if (name === 'the Pactline relay process')
      await pollFor(() => (first.doc.getMap('received').size === 500 ? true : undefined), 'the stamps');
    const fullStateBytes = Y.encodeStateAsUpdate(first.doc).byteLength;
    opened.splice(opened.indexOf(first), 1);
    await first.destroy();

    // Someone else adds one handoff while this device is away.
    const other = await open(room, workspace);
    await waitForState(other, (state) => state.status === 'synced', 'other synced');
    expect(appendHandoff(other.doc, handoff('h-late', 10_000))).toEqual({ ok: true });
    await waitForState(other, (state) => state.status === 'synced', 'late handoff confirmed');

    const { CountingWebSocket, counts } = countingWebSocket();
    const again = await open(room, workspace, {
      localName,
      WebSocketPolyfill: CountingWebSocket as unknown as OpenDocumentOptions['WebSocketPolyfill'],
    });
    await again.whenLocalLoaded;
    expect(readHandoffLog(again.doc).handoffs).toHaveLength(500);
    await waitForState(again, (state) => state.status === 'synced', 'warm synced');
    await pollFor(
      () => (readHandoffLog(again.doc).handoffs.length === 501 ? true : undefined),
      'late handoff',
    );
    expect(fullStateBytes).toBeGreaterThan(50_000);
    expect(counts.sentBytes).toBeLessThan(1_024);
    expect(counts.receivedBytes).toBeLessThan(2_048);
  });

  it('stops on a rejected token and on a room of another workspace, and resumes with a valid token', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/locked`;
    const expired = await open(room, workspace, { token: await relay.mintToken({ ws: workspace }, -60) });
    const stopped = await waitForState(expired, (state) => state.stopped !== undefined, 'a stop');
    expect(stopped).toMatchObject({
      status: 'offline',
      stopped: { code: 'token_rejected', closeCode: 4401 },
    });
    expect(stopped.retryInMs).toBeUndefined();

    const forged = await open(room, workspace, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJ3cyI6ImFjbWUifQ.forged' });
    expect(await waitForState(forged, (state) => state.stopped !== undefined, 'a stop')).toMatchObject({
      stopped: { code: 'token_rejected' },
    });

    const elsewhere = await open(`${workspace}-other/agreement/locked`, workspace);
    expect(await waitForState(elsewhere, (state) => state.stopped !== undefined, 'a stop')).toMatchObject({
      stopped: { code: 'forbidden', closeCode: 4403 },
    });

    expired.setToken(await relay.mintToken({ ws: workspace }));
    await waitForState(expired, (state) => state.status === 'synced', 'synced with the new token');
  });

  it('reconnects after jittered delays from the injected random source, and resets once synced', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/backoff`;
    const scheduler = recordingScheduler();
    const randoms = [0.25, 0.75, 0.5];
    let draws = 0;
    const document = await open(room, workspace, {
      scheduler,
      random: () => randoms[draws++ % randoms.length] ?? 0,
      backoff: { initialMs: 40, maxMs: 1_000 },
      connectTimeoutMs: 30_000,
    });
    await waitForState(document, (state) => state.status === 'synced', 'synced');
    await relay.goOffline();
    // Reconnect delays only: the connect timeout and the keepalive are longer than the backoff cap.
    const retries = () => scheduler.delays.filter((delay) => delay <= 1_000);
    await pollFor(() => (retries().length >= 3 ? true : undefined), 'three retries');
    expect(retries().slice(0, 3)).toEqual([
      reconnectDelayMs(1, () => 0.25, { initialMs: 40, maxMs: 1_000 }),
      reconnectDelayMs(2, () => 0.75, { initialMs: 40, maxMs: 1_000 }),
      reconnectDelayMs(3, () => 0.5, { initialMs: 40, maxMs: 1_000 }),
    ]);
    expect(retries().slice(0, 3)).toEqual([25, 70, 120]);
    await relay.goOnline();
    await waitForState(document, (state) => state.status === 'synced', 'synced again');
    const before = retries().length;
    await relay.goOffline();
    await pollFor(() => (retries().length > before ? true : undefined), 'a retry after the reset');
    // The attempt count restarted at 1 after the successful sync.
    expect([20, 25, 30, 35, 40]).toContain(retries()[before]);
  });

  it('shares presence and clears a peer when it disconnects', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/presence`;
    const a = await open(room, workspace);
    const b = await open(room, workspace);
    await waitForState(a, (state) => state.status === 'synced', 'a synced');
    await waitForState(b, (state) => state.status === 'synced', 'b synced');
    expect(a.setLocalUser({ name: 'Ana', color: '#1971c2', userId: 'ana' })).toEqual({ ok: true });
    const peers = await pollFor(() => (b.peers().length === 1 ? b.peers() : undefined), 'b sees a');
    expect(peers).toEqual([
      { clientId: a.doc.clientID, user: { name: 'Ana', color: '#1971c2', userId: 'ana' } },
    ]);
    opened.splice(opened.indexOf(a), 1);
    await a.destroy();
    await pollFor(() => (b.peers().length === 0 ? true : undefined), 'a gone from b');
  });

  it('leaves no socket, timer or store open after destroy', async () => {
    const workspace = freshWorkspace();
    const room = `${workspace}/agreement/cleanup`;
    const baseline = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
    const baselineSockets = await relay.openConnections();
    const documents = [await open(room, workspace), await open(room, workspace)];
    for (const document of documents)
      await waitForState(document, (state) => state.status === 'synced', 'synced');
    initAgreement(documents[0]!.doc, { id: 'cleanup', title: 'Cleanup', createdAtMs: 1 });
    await waitForState(documents[0]!, (state) => state.status === 'synced', 'confirmed');
    expect(await relay.openConnections()).toBe(baselineSockets + 2);
    opened.splice(0);
    await Promise.all(documents.map((document) => document.destroy()));
    await pollFor(
      async () => ((await relay.openConnections()) === baselineSockets ? true : undefined),
      'relay side closed',
    );
    const count = (kinds: string[], kind: string) => kinds.filter((candidate) => candidate === kind).length;
    await pollFor(() => {
      const now = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
      return count(now, 'TCPSocketWrap') <= count(baseline, 'TCPSocketWrap') &&
        count(now, 'Timeout') <= count(baseline, 'Timeout')
        ? true
        : undefined;
    }, 'handles back to the baseline');
    for (const document of documents) expect(document.getState().status).toBe('offline');
  });
});
