import { createHash } from 'node:crypto';
import { appendHandoff, handoffsRoomFor, verifyHandoffLog } from '@pactline/shared/doc';
import {
  type OpenedDocument,
  openDocument,
  type WebSocketConstructor,
  waitForSyncState,
} from '@pactline/shared/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { memberHandoff, type RelayGroup, startRelayGroup } from '../support/relay-group.js';
import type { RunningRelay } from '../support/relay-process.js';
import { type Balancer, startBalancer } from '../support/tcp-balancer.js';

/**
 * Two relays on one Postgres and one Redis when something fails: a relay killed (kill -9) under a
 * stream of edits, its clients carrying on through a balancer to the other relay with nothing
 * lost that anyone had received; Redis killed and started again empty, each relay serving its own
 * clients meanwhile and both converging after; the relay holding a log's stamps killed, the other
 * taking them over once the lease runs out.
 */
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two relays when one of them or Redis fails', () => {
  let group: RelayGroup;
  let a: RunningRelay;
  let b: RunningRelay;
  let balancer: Balancer;
  const providers: ProviderClient[] = [];
  const connectors: OpenedDocument[] = [];

  const token = (sub: string) => a.mintToken({ ws: 'acme', sub, role: 'editor' });
  const provider = async (relay: RunningRelay, room: string, sub: string) => {
    const client = connectProvider(relay.url, room, await token(sub));
    providers.push(client);
    await client.synced();
    return client;
  };
  /** Pactline's own connector in Node (no local store), through the balancer. */
  const connector = async (room: string, sub: string) => {
    const opened = openDocument(room, {
      relayUrl: balancer.url,
      token: await token(sub),
      WebSocketPolyfill: WebSocket as unknown as WebSocketConstructor,
      localPersistence: null,
      isBroadcastChannelEnabled: false,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    connectors.push(opened);
    await waitForSyncState(opened, (state) => state.status === 'synced', { what: `${sub} synced` });
    return opened;
  };
  const health = async (relay: RunningRelay) =>
    (await (await fetch(`${relay.httpUrl}/healthz`)).json()) as {
      status: string;
      redis?: { status: string; error?: string };
    };

  beforeAll(async () => {
    group = await startRelayGroup({
      count: 2,
      env: { PACTLINE_REDIS_LEASE_MS: '1500', PACTLINE_WATCHER: 'off' },
    });
    [a, b] = group.relays as [RunningRelay, RunningRelay];
    balancer = await startBalancer([a.port, b.port]);
  }, 60_000);

  afterAll(async () => {
    for (const client of providers) client.destroy();
    await Promise.all(connectors.map((opened) => opened.destroy()));
    await balancer?.close();
    await group?.stop();
  });

  it('loses nothing when a relay is killed under a stream: its clients carry on through the other', async () => {
    const room = 'acme/agreement/kill';
    // Four writers through the balancer: two land on each relay.
    const writers: OpenedDocument[] = [];
    for (let index = 0; index < 4; index++) writers.push(await connector(room, `writer${index}`));
    const observer = await provider(b, room, 'observer');
    // Two of the writers are on the relay about to die, three clients on the other.
    expect(await a.metric('pactline_relay_connections')).toBe(2);
    expect(await b.metric('pactline_relay_connections')).toBe(3);
    const entries = (doc: { getArray: OpenedDocument['doc']['getArray'] }) => doc.getArray<string>('entries');
    const counts = writers.map(() => 0);
    const stream = setInterval(() => {
      writers.forEach((writer, index) => {
        entries(writer.doc).push([`w${index}-${counts[index]}`]);
        counts[index] = (counts[index] ?? 0) + 1;
      });
    }, 10);
    let observedAtKill: Set<string>;
    try {
      await waitFor(() => entries(observer.doc).length >= 80, { what: 'the stream reaching the observer' });
      await a.kill('SIGKILL');
      observedAtKill = new Set(entries(observer.doc).toArray());
      // The writers that were on A reconnect through the balancer to B while the stream goes on.
      await sleep(1500);
    } finally {
      clearInterval(stream);
    }
    await Promise.all(
      writers.map((writer) =>
        waitForSyncState(writer, (state) => state.status === 'synced' && !state.hasUnsentChanges, {
          what: 'every change of the writer held by a relay',
          timeoutMs: 20_000,
        }),
      ),
    );
    const written = counts.flatMap((count, index) =>
      Array.from({ length: count }, (_, n) => `w${index}-${n}`),
    );
    await waitFor(() => entries(observer.doc).length === written.length, {
      what: 'the observer holding every entry',
      timeoutMs: 20_000,
    });
    // What is stored is everything written, once: a fresh reader, after A is back too.
    await a.restart();
    const reader = await provider(a, room, 'reader');
    const stored = entries(reader.doc).toArray();
    expect(stored).toHaveLength(written.length);
    expect(new Set(stored)).toEqual(new Set(written));
    for (const entry of observedAtKill) expect(stored).toContain(entry);
  });

  it('serves each relay’s own clients while Redis is away, says so, and converges when it is back', async () => {
    const room = 'acme/agreement/redis-outage';
    const [onA, alsoOnA] = [await provider(a, room, 'sam'), await provider(a, room, 'kim')];
    const [onB, alsoOnB] = [await provider(b, room, 'alex'), await provider(b, room, 'lee')];
    await group.redis.stop();
    await waitFor(async () => (await health(a)).redis?.status === 'unavailable', {
      what: '/healthz of relay A saying Redis is unavailable',
    });
    expect(await health(a)).toMatchObject({ status: 'degraded', store: { status: 'ok' } });
    expect(await a.metric('pactline_relay_redis_available')).toBe(0);
    onA.doc.getMap('notes').set('written on A', 1);
    onB.doc.getMap('notes').set('written on B', 2);
    await waitFor(
      () =>
        alsoOnA.doc.getMap('notes').has('written on A') && alsoOnB.doc.getMap('notes').has('written on B'),
      { what: 'each relay serving its own clients' },
    );
    // The relays cannot share meanwhile: nothing of A's has reached B's clients.
    expect(alsoOnB.doc.getMap('notes').has('written on A')).toBe(false);

    await group.redis.start();
    await waitFor(
      () =>
        [onA, alsoOnA, onB, alsoOnB].every(
          (client) =>
            client.doc.getMap('notes').has('written on A') && client.doc.getMap('notes').has('written on B'),
        ),
      { what: 'all four clients converging once Redis is back', timeoutMs: 20_000 },
    );
    await waitFor(async () => (await health(a)).status === 'ok' && (await health(b)).status === 'ok', {
      what: '/healthz saying ok on both relays',
    });
    // Live again: a write on B reaches A's clients without anyone reconnecting.
    onB.doc.getMap('notes').set('after', 3);
    await waitFor(() => alsoOnA.doc.getMap('notes').has('after'), { what: 'live delivery after the outage' });
  });

  it('hands a log’s stamps to the surviving relay when their holder is killed, and the chain verifies', async () => {
    const room = handoffsRoomFor('acme', Date.UTC(2026, 9, 2));
    const sam = await provider(a, room, 'sam');
    const alex = await provider(b, room, 'alex');
    const handoff = (id: string, fromUserId: string) =>
      memberHandoff(id, fromUserId, Date.UTC(2026, 9, 2, 9));
    for (let index = 0; index < 3; index++)
      expect(appendHandoff(sam.doc, handoff(`s${index}`, 'sam')).ok).toBe(true);
    await waitFor(() => alex.doc.getMap('chain').size === 3, { what: 'three links written by relay A' });
    const heldOnB = await b.metric('pactline_relay_log_stamps_held');
    await a.kill('SIGKILL');
    // A cannot let go: B takes the stamps when A's lease runs out (1.5 s here, 15 s by default).
    await waitFor(async () => (await b.metric('pactline_relay_log_stamps_held')) === heldOnB + 1, {
      what: 'relay B holding the stamps',
    });
    for (let index = 0; index < 3; index++)
      expect(appendHandoff(alex.doc, handoff(`a${index}`, 'alex')).ok).toBe(true);
    await waitFor(() => alex.doc.getMap('chain').size === 6 && alex.doc.getMap('received').size === 6, {
      what: 'the new entries linked and stamped by relay B',
      timeoutMs: 20_000,
    });
    const verdict = await verifyHandoffLog(alex.doc, sha256Hex);
    expect(verdict).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 6, unlinked: 0, breaks: [] } },
    });
    await a.restart();
  });
});
