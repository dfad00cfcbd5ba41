import { createHash } from 'node:crypto';
import { appendHandoff, handoffsRoomFor, readHandoffLog, verifyHandoffLog } from '@pactline/shared/doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { memberHandoff, type RelayGroup, startRelayGroup } from '../support/relay-group.js';
import type { RunningRelay } from '../support/relay-process.js';

/**
 * Two real relay processes sharing one Postgres and one Redis (Debian's servers, started here),
 * with the official y-websocket client on each: what a client writes through relay A reaches the
 * clients of relay B live, both converge, and a handoff log written through both keeps one hash
 * chain that verifies, with every entry stamped once.
 */
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const startedAtMs = Date.UTC(2026, 11, 2, 9);
const logRoom = handoffsRoomFor('acme', startedAtMs);

const handoff = (id: string, fromUserId: string) => memberHandoff(id, fromUserId, startedAtMs);

describe('two relays sharing rooms through Redis', () => {
  let group: RelayGroup;
  let a: RunningRelay;
  let b: RunningRelay;
  const clients: ProviderClient[] = [];

  const connect = async (relay: RunningRelay, room: string, userId: string) => {
    const client = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: userId, role: 'editor' }),
    );
    clients.push(client);
    await client.synced();
    return client;
  };

  beforeAll(async () => {
    group = await startRelayGroup({ count: 2, env: { PACTLINE_WATCHER: 'off' } });
    [a, b] = group.relays as [RunningRelay, RunningRelay];
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await group?.stop();
  });

  it('says it shares its rooms through Redis', () => {
    for (const relay of [a, b]) {
      expect(relay.logs.find((line) => line.msg === 'listening')).toMatchObject({
        store: 'postgres',
        sharedThrough: 'redis',
      });
    }
  });

  it('delivers what a client writes through one relay to the clients of the other, live, both ways', async () => {
    const room = 'acme/agreement/notes';
    const onA = await connect(a, room, 'sam');
    const onB = await connect(b, room, 'alex');
    // The room is loaded on both relays at once.
    expect(await a.metric('pactline_relay_rooms_loaded')).toBe(1);
    expect(await b.metric('pactline_relay_rooms_loaded')).toBe(1);
    for (let index = 0; index < 100; index++) onA.doc.getMap('notes').set(`a${index}`, index);
    for (let index = 0; index < 100; index++) onB.doc.getMap('notes').set(`b${index}`, index);
    await waitFor(() => onA.doc.getMap('notes').size === 200 && onB.doc.getMap('notes').size === 200, {
      what: 'both clients holding all 200 notes',
    });
    expect(onB.doc.getMap('notes').toJSON()).toEqual(onA.doc.getMap('notes').toJSON());
    // Still the same connections: the writes came live, not through a reconnection's sync.
    expect(onA.provider.wsconnected && onB.provider.wsconnected).toBe(true);
    // And what is stored is all of it: a fresh client of either relay reads the 200 notes.
    const fresh = await connect(b, room, 'reader');
    expect(fresh.doc.getMap('notes').size).toBe(200);
  });

  it('keeps one hash chain over a log written through both relays, every entry stamped once', async () => {
    const sam = await connect(a, logRoom, 'sam');
    const alex = await connect(b, logRoom, 'alex');
    for (let index = 0; index < 20; index++) {
      expect(appendHandoff(sam.doc, handoff(`s${index}`, 'sam')).ok).toBe(true);
      expect(appendHandoff(alex.doc, handoff(`a${index}`, 'alex')).ok).toBe(true);
      if (index % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const relay of [a, b]) {
      const reader = await connect(relay, logRoom, 'reader');
      await waitFor(
        () => reader.doc.getMap('chain').size === 40 && reader.doc.getMap('received').size === 40,
        {
          what: 'the 40 entries linked and stamped',
          timeoutMs: 20_000,
        },
      );
      expect(readHandoffLog(reader.doc).handoffs).toHaveLength(40);
      const verdict = await verifyHandoffLog(reader.doc, sha256Hex);
      expect(verdict).toMatchObject({
        isVerified: true,
        chains: { handoffs: { linked: 40, unlinked: 0, breaks: [] } },
      });
      // One link per place in the chain: no two relays sequenced it.
      const seqs = [...reader.doc.getMap('chain').values()].map((link) => (link as { seq: number }).seq);
      expect(new Set(seqs).size).toBe(40);
    }
  });

  it('shows each client the presence of the clients on the other relay, and their leaving', async () => {
    const room = 'acme/agreement/presence';
    const onA = await connect(a, room, 'sam');
    onA.provider.awareness.setLocalStateField('user', { name: 'Sam' });
    // Alex joins on B afterwards: B asks A for the presence it holds, rather than wait for renewals.
    const onB = await connect(b, room, 'alex');
    const names = (client: ProviderClient) =>
      [...client.provider.awareness.getStates().values()].map((state) => state.user?.name);
    await waitFor(() => names(onB).includes('Sam'), { what: "Sam's presence on relay B" });
    onB.provider.awareness.setLocalStateField('user', { name: 'Alex' });
    await waitFor(() => names(onA).includes('Alex'), { what: "Alex's presence on relay A" });
    const samId = onA.doc.clientID;
    onA.destroy();
    await waitFor(() => !onB.provider.awareness.getStates().has(samId), { what: 'Sam gone from relay B' });
  });

  it('unloads a room on one relay while the other keeps serving it, and loads it again with everything', async () => {
    const room = 'acme/agreement/unload';
    const onA = await connect(a, room, 'sam');
    const onB = await connect(b, room, 'alex');
    onB.doc.getMap('notes').set('before', 1);
    await waitFor(() => onA.doc.getMap('notes').has('before'), { what: 'the first note on relay A' });
    const loadedOnB = await b.metric('pactline_relay_rooms_loaded');
    onB.destroy();
    // B's last client in the room left: B unloads it, while Sam's connection keeps it on A.
    await waitFor(async () => (await b.metric('pactline_relay_rooms_loaded')) < loadedOnB, {
      what: 'the room unloaded on relay B',
    });
    onA.doc.getMap('notes').set('while unloaded', 2);
    await waitFor(() => onA.provider.synced, { what: 'relay A storing the note' });
    const back = await connect(b, room, 'alex');
    await waitFor(() => back.doc.getMap('notes').has('while unloaded'), {
      what: 'the note written meanwhile',
    });
    onA.doc.getMap('notes').set('after', 3);
    await waitFor(() => back.doc.getMap('notes').has('after'), { what: 'live delivery again' });
  });

  it('hands a log’s stamps to the other relay when the holder unloads it, and the chain goes on', async () => {
    const room = handoffsRoomFor('acme', Date.UTC(2026, 10, 2));
    const sam = await connect(a, room, 'sam');
    const alex = await connect(b, room, 'alex');
    expect(appendHandoff(sam.doc, handoff('before', 'sam')).ok).toBe(true);
    await waitFor(() => alex.doc.getMap('chain').size === 1, { what: 'the first link' });
    // Relay A held the stamps (it loaded the month first); its only client leaves, it unloads.
    const heldOnA = await a.metric('pactline_relay_log_stamps_held');
    const heldOnB = await b.metric('pactline_relay_log_stamps_held');
    sam.destroy();
    await waitFor(async () => (await b.metric('pactline_relay_log_stamps_held')) === heldOnB + 1, {
      what: 'relay B holding the stamps',
    });
    expect(await a.metric('pactline_relay_log_stamps_held')).toBe(heldOnA - 1);
    for (let index = 0; index < 5; index++)
      expect(appendHandoff(alex.doc, handoff(`after${index}`, 'alex')).ok).toBe(true);
    await waitFor(() => alex.doc.getMap('chain').size === 6 && alex.doc.getMap('received').size === 6, {
      what: 'the entries linked and stamped by relay B',
      timeoutMs: 20_000,
    });
    const verdict = await verifyHandoffLog(alex.doc, sha256Hex);
    expect(verdict).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 6, unlinked: 0, breaks: [] } },
    });
  });

  it('serves a client that moves from one relay to the other with everything it wrote', async () => {
    const room = 'acme/agreement/sla';
    const first = await connect(a, room, 'sam');
    first.doc.getText('terms').insert(0, 'MQLs are called within 4 business hours.');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(first.doc));
    first.destroy();
    const moved = connectProvider(
      b.url,
      room,
      await b.mintToken({ ws: 'acme', sub: 'sam', role: 'editor' }),
      {
        doc,
      },
    );
    clients.push(moved);
    await moved.synced();
    const reader = await connect(a, room, 'reader');
    await waitFor(() => reader.doc.getText('terms').toString().length > 0, { what: 'the terms on relay A' });
    expect(reader.doc.getText('terms').toString()).toBe('MQLs are called within 4 business hours.');
  });
});
