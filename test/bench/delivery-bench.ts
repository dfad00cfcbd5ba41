/**
 * Benchmark of escalation delivery (not a test): prints figures, decides nothing. Run from the root
 * with `pnpm bench delivery` (DELIVERY_BENCH_QUICK=1 for a short run). Build the relay first for
 * part 2 (`pnpm --filter @pactline/shared build && pnpm --filter @pactline/sync-server build`).
 *
 * 1. 100 workspaces × 1,000 open clocks, watched in this process over in-memory rooms, with the
 *    relay's own router, store and delivery queue and one local HTTP sink: the time from each rung's
 *    due instant to its request arriving at the sink (p50/p99; goal p99 ≤ 1 s).
 * 2. The real relay: 10 workspaces × 1,000 breaches due at one instant, each workspace's channel a
 *    local sink that takes 200 ms per request. Time to drain, and the p99 of an editor's update
 *    reaching another client before the breaches (watcher on, nothing to send) and during the drain.
 */
import { addressPolicy } from '../../sync-server/src/delivery/address-policy.js';
import { startDeliveryQueue } from '../../sync-server/src/delivery/delivery-queue.js';
import { deliveryStore } from '../../sync-server/src/delivery/delivery-store.js';
import { escalationRouter } from '../../sync-server/src/delivery/escalation-router.js';
import { silentLog } from '../../sync-server/src/log.js';
import { openNotificationStore } from '../../sync-server/src/notifications/notification-store.js';
import { startWatcher } from '../../sync-server/src/watcher/start-watcher.js';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { startRelay } from '../support/relay-process.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';
import {
  format,
  hotTargetMs,
  median,
  memoryRelay,
  percentile,
  seedClocks,
  timedUpdates,
} from './watcher-fixtures.js';

const isQuick = process.env.DELIVERY_BENCH_QUICK === '1';

const dueAtOf = (body: string) =>
  Date.parse((JSON.parse(body) as { escalation: { dueAt: string } }).escalation.dueAt);

async function benchRungToSink(): Promise<void> {
  const workspaces = isQuick ? 20 : 100;
  const clocks = 1000;
  const windowMs = isQuick ? 10_000 : 30_000;
  console.log(`\n-- ${workspaces} workspaces × ${clocks} open clocks: rung due → request at a local sink`);
  const relay = memoryRelay();
  const nowMs = Date.now();
  const soon = Math.ceil(clocks * 0.02);
  for (let w = 0; w < workspaces; w++)
    await seedClocks(relay.withRoom, relay.docOf, `ws${w}`, clocks, (index) =>
      index < soon
        ? nowMs - 0.8 * hotTargetMs + 5_000 + (index / soon) * (windowMs - 6_000)
        : nowMs - 0.5 * hotTargetMs + (index / clocks) * hotTargetMs,
    );
  const sink = await startWebhookSink({ status: 200, body: 'ok' });
  const notifications = openNotificationStore(':memory:');
  const deliveries = deliveryStore(notifications.database);
  for (let w = 0; w < workspaces; w++)
    deliveries.putChannel({
      workspace: `ws${w}`,
      id: 'ops',
      kind: 'webhook',
      name: 'Ops',
      url: sink.url,
      signingKey: 'whsec_benchmark-signing-key-0123456789',
      forParties: 'all',
    });
  const queue = startDeliveryQueue({
    store: deliveries,
    policy: addressPolicy(['127.0.0.1/32']),
    log: silentLog,
  });
  const route = escalationRouter({
    notifications,
    deliveries,
    queue,
    log: silentLog,
    appUrl: null,
    giveUpAfterMs: 24 * 60 * 60_000,
  });
  const watcher = startWatcher({
    openRoom: relay.openRoom,
    nowMs: Date.now,
    log: silentLog,
    onEscalated: route,
  });
  for (let w = 0; w < workspaces; w++) await watcher.watch(`ws${w}`);
  const watchingSinceMs = Date.now();
  await waitFor(() => sink.requests.length >= workspaces * soon, {
    what: 'every rung at the sink',
    timeoutMs: windowMs + 60_000,
  });
  watcher.close();
  queue.close();
  const lags = sink.requests
    .filter((request) => dueAtOf(request.body) >= watchingSinceMs)
    .map((request) => request.receivedAtMs - dueAtOf(request.body));
  console.log(
    `rung due → request at the sink: p50 ${format(median(lags))} ms, p99 ${format(percentile(lags, 0.99))} ms (${lags.length} rungs; goal p99 ≤ 1000 ms)`,
  );
  await sink.close();
  notifications.close();
}

async function benchDrain(): Promise<void> {
  const workspaces = isQuick ? 2 : 10;
  const clocks = isQuick ? 200 : 1000;
  const answerMs = 200;
  console.log(
    `\n-- ${workspaces * clocks} breaches due at one instant, each sink taking ${answerMs} ms per request`,
  );
  const relay = await startRelay({ env: { PACTLINE_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  const sinks: WebhookSink[] = [];
  try {
    // Seeding goes through the relay; the breaches fall due once it is surely done.
    const breachAtMs = Date.now() + (isQuick ? 20_000 : 90_000);
    for (let w = 0; w < workspaces; w++) {
      const workspace = `drain${w}`;
      const token = await relay.mintToken({ ws: workspace, sub: 'seeder', role: 'admin' });
      const sink = await startWebhookSink({ status: 200, body: 'ok', delayMs: answerMs });
      sinks.push(sink);
      // Only the breach reaches a channel: it is the SDR party's, and the 80 % rung (to the rep,
      // who is in no party here) reaches none.
      const saved = await fetch(`${relay.httpUrl}/api/workspaces/${workspace}/channels/ops`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'webhook', name: 'Ops', url: sink.url, forParties: ['sdr'] }),
      });
      if (!saved.ok) throw new Error(`channel not saved: ${await saved.text()}`);
      const clients = new Map<string, ProviderClient>();
      const clientOf = (room: string) => {
        let client = clients.get(room);
        if (client === undefined) {
          client = connectProvider(relay.url, room, token);
          clients.set(room, client);
        }
        return client;
      };
      await seedClocks(
        async (room, body) => {
          const client = clientOf(room);
          await client.synced();
          return body(client.doc);
        },
        (room) => clientOf(room).doc,
        workspace,
        clocks,
        () => breachAtMs - hotTargetMs,
      );
      for (const client of clients.values()) {
        await client.synced();
        await waitFor(() => client.provider.synced, { what: 'seed stored' });
        client.destroy();
      }
    }
    if (Date.now() > breachAtMs)
      console.log('(seeding took longer than planned: the breaches fell due during it)');
    const token = await relay.mintToken({ ws: 'drain0', sub: 'ana', role: 'editor' });
    const writer = connectProvider(relay.url, 'drain0/agreement/notes', token);
    const reader = connectProvider(relay.url, 'drain0/agreement/notes', token);
    await Promise.all([writer.synced(), reader.synced()]);
    await timedUpdates(writer, reader, () => false, 50);
    const quiet = await timedUpdates(writer, reader, () => Date.now() >= breachAtMs - 1_000, 1_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, breachAtMs - Date.now())));
    const total = workspaces * clocks;
    const received = () => sinks.reduce((sum, sink) => sum + sink.requests.length, 0);
    const draining = await timedUpdates(writer, reader, () => received() >= total, 100_000);
    await waitFor(() => received() >= total, { what: 'every breach at its sink', timeoutMs: 600_000 });
    const lastAtMs = Math.max(
      ...sinks.flatMap((sink) => sink.requests.map((request) => request.receivedAtMs)),
    );
    writer.destroy();
    reader.destroy();
    console.log(
      `${total} breaches at their sinks ${format((lastAtMs - breachAtMs) / 1000, 1)} s after the instant (${format(total / ((lastAtMs - breachAtMs) / 1000))} requests/s; 16 at once, 4 per host)`,
    );
    const quietP99 = percentile(quiet, 0.99);
    const drainP99 = percentile(draining, 0.99);
    console.log(
      `relay sync before the breaches: p50 ${format(median(quiet), 2)} ms, p99 ${format(quietP99, 2)} ms (${quiet.length} updates)`,
    );
    console.log(
      `relay sync during the drain: p50 ${format(median(draining), 2)} ms, p99 ${format(drainP99, 2)} ms (${draining.length} updates)`,
    );
    console.log(`p99 during/before: ${format(drainP99 / quietP99, 2)} (goal: within 1.10)`);
  } finally {
    await relay.kill('SIGTERM');
    for (const sink of sinks) await sink.close();
  }
}

const parts = (process.env.DELIVERY_BENCH_PARTS ?? '1,2').split(',');
if (parts.includes('1')) await benchRungToSink();
if (parts.includes('2')) await benchDrain();
process.exit(0);
