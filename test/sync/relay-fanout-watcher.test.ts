import {
  appendHandoff,
  handoffsRoomFor,
  initAgreement,
  readHandoffLog,
  upsertDirectoryAgreement,
} from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RelayGroup, startRelayGroup } from '../support/relay-group.js';
import type { RunningRelay } from '../support/relay-process.js';

/**
 * The watcher with two relays sharing rooms: it runs on one of them (a lease in Redis), so a breach
 * is judged and escalated once, not once per relay; when that relay is killed the other takes the
 * watcher over once the lease runs out and judges what falls due after.
 */
const dayMs = 24 * 60 * 60 * 1000;
const runsTheWatcher = 'this relay runs the watcher for the relays sharing its rooms';

describe('the watcher of two relays', () => {
  let group: RelayGroup;
  let a: RunningRelay;
  let b: RunningRelay;
  const clients: ProviderClient[] = [];
  const connect = async (relay: RunningRelay, room: string) => {
    const client = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'mia', role: 'editor' }),
    );
    clients.push(client);
    await client.synced();
    return client;
  };
  const judgedBy = (relay: RunningRelay) =>
    relay.metric('pactline_relay_watcher_events_total', { type: 'judged' });
  const events = (client: ProviderClient, type: string) =>
    readHandoffLog(client.doc).handoffs.flatMap((handoff) =>
      handoff.events.filter((event) => event.type === type),
    );

  beforeAll(async () => {
    // A first, and only once it has taken the watcher: B then finds it held.
    let started = 0;
    group = await startRelayGroup({
      count: 2,
      env: { PACTLINE_REDIS_LEASE_MS: '1500' },
      afterStart: async (relay) => {
        if (started++ > 0) return;
        await waitFor(() => relay.logs.some((line) => line.msg === runsTheWatcher), {
          what: 'relay A running the watcher',
        });
      },
    });
    [a, b] = group.relays as [RunningRelay, RunningRelay];
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await group?.stop();
  });

  it('judges a breach once across both relays, and the survivor judges after the watcher’s relay is killed', async () => {
    const startedAtMs = Date.now() - 10 * dayMs;
    const logRoom = handoffsRoomFor('acme', startedAtMs);
    // Everything is written through relay B: the watcher on A learns of the workspace through Redis.
    const agreement = await connect(b, 'acme/agreement/main');
    const directory = await connect(b, 'acme/directory');
    const log = await connect(b, logRoom);
    initAgreement(agreement.doc, { id: 'main', title: 'SLA', createdAtMs: startedAtMs });
    upsertDirectoryAgreement(directory.doc, { id: 'main', title: 'SLA', status: 'active' });
    const { events: _none, ...first } = testHandoff('maya', startedAtMs, {
      agreementId: 'main',
      fromUserId: 'mia',
    });
    expect(appendHandoff(log.doc, first).ok).toBe(true);
    await waitFor(() => events(log, 'judged').length === 1, { what: 'the breach judged', timeoutMs: 20_000 });
    await waitFor(async () => (await judgedBy(a)) === 1, { what: 'relay A counting its judgement' });
    expect(await judgedBy(b)).toBe(0);
    expect(b.logs.some((line) => line.msg === runsTheWatcher)).toBe(false);

    await a.kill('SIGKILL');
    await waitFor(() => b.logs.some((line) => line.msg === runsTheWatcher), {
      what: 'relay B taking the watcher over',
      timeoutMs: 20_000,
    });
    const { events: _also, ...second } = testHandoff('noah', startedAtMs, {
      agreementId: 'main',
      fromUserId: 'mia',
    });
    expect(appendHandoff(log.doc, second).ok).toBe(true);
    await waitFor(() => events(log, 'judged').length === 2, {
      what: 'the second breach judged',
      timeoutMs: 20_000,
    });
    // B judged the new breach only: the first one was in the log already. (Counted once the
    // watcher hears its write was stored, which may come after the event reaches the clients.)
    await waitFor(async () => (await judgedBy(b)) === 1, { what: 'relay B counting its judgement' });
    expect(await judgedBy(b)).toBe(1);
    const judged = events(log, 'judged');
    expect(new Set(judged.map((event) => event.handoffId))).toEqual(new Set(['maya', 'noah']));
  });
});
