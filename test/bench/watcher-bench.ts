/**
 * Benchmark of the relay's watcher (not a test): prints figures, decides nothing. Run from the root
 * with `pnpm bench watcher` (WATCHER_BENCH_QUICK=1 for a short run, WATCHER_BENCH_PARTS=3 for part 3 only). Build the relay first for part
 * 3 (`pnpm --filter @pactline/shared build && pnpm --filter @pactline/sync-server build`).
 *
 * 1. 100 workspaces with 1,000 open clocks each, watched in this process over in-memory rooms (the
 *    relay's write path is measured in part 3): time to watch them all, heap, CPU over an idle
 *    stretch, and the lag from each rung's due instant to its event written (p50/p99) for rungs
 *    falling due during the run.
 * 2. A burst of 10,000 breaches due at one instant (10 workspaces × 1,000): events written per
 *    second and the time to drain.
 * 3. The real relay with the watcher on and off, in the same run: the p99 of an editor's update
 *    reaching another client, while the watcher holds 20 workspaces × 500 open clocks.
 */
import type { RoomWriter } from '../../scripts/seed/workspace-seed.js';
import { startWatcher } from '../../sync-server/src/watcher/start-watcher.js';
import { connectProvider, waitFor } from '../support/relay-clients.js';
import { startRelay } from '../support/relay-process.js';
import {
  format,
  hotTargetMs,
  median,
  memoryRelay,
  percentile,
  seedClocks as seed,
  timedUpdates,
} from './watcher-fixtures.js';

const isQuick = process.env.WATCHER_BENCH_QUICK === '1';
const silentLog = () => {};

async function benchOpenClocks(): Promise<void> {
  const workspaces = isQuick ? 20 : 100;
  const clocks = 1000;
  const windowMs = isQuick ? 10_000 : 30_000;
  console.log(`\n-- ${workspaces} workspaces × ${clocks} open clocks, watched in this process`);
  const relay = memoryRelay();
  const nowMs = Date.now();
  // Every clock is running; the 80 % rungs of the first 2 % of each workspace fall due during the
  // run, spread over it, the rest later.
  const soon = Math.ceil(clocks * 0.02);
  for (let w = 0; w < workspaces; w++)
    await seed(relay.withRoom, relay.docOf, `ws${w}`, clocks, (index) =>
      index < soon
        ? nowMs - 0.8 * hotTargetMs + 2_000 + (index / soon) * (windowMs - 4_000)
        : nowMs - 0.5 * hotTargetMs + (index / clocks) * hotTargetMs,
    );
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const written: { dueAtMs: number; lagMs: number }[] = [];
  const watcher = startWatcher({
    openRoom: relay.openRoom,
    nowMs: Date.now,
    log: silentLog,
    onWritten: (event, lagMs) => {
      if (event.type === 'escalated') written.push({ dueAtMs: event.atMs, lagMs });
    },
  });
  const watchStart = performance.now();
  for (let w = 0; w < workspaces; w++) await watcher.watch(`ws${w}`);
  const watchMs = performance.now() - watchStart;
  const watchingSinceMs = Date.now();
  global.gc?.();
  const heapWatching = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  await watcher.idle();
  watcher.close();
  console.log(`watch all (open + first plan): ${format(watchMs)} ms`);
  console.log(
    `heap for the watcher's reads and mirrors: ${format((heapWatching - heapBefore) / 1024 / 1024, 1)} MiB (documents themselves excluded)`,
  );
  console.log(
    `CPU over ${format(wallMs / 1000)} s with ${workspaces * soon} rungs falling due: ${format(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 1)} %`,
  );
  // Rungs due while the watcher was still opening the workspaces wait for that: counted apart.
  const lags = written.filter((entry) => entry.dueAtMs >= watchingSinceMs).map((entry) => entry.lagMs);
  const startupLags = written.filter((entry) => entry.dueAtMs < watchingSinceMs).map((entry) => entry.lagMs);
  console.log(
    `lag from due instant to event written: p50 ${format(median(lags))} ms, p99 ${format(percentile(lags, 0.99))} ms (${lags.length} rungs due once watching; goal p99 ≤ 1000 ms)`,
  );
  console.log(
    `rungs due during the start-up: ${startupLags.length}, written at most ${format(Math.max(0, ...startupLags))} ms late`,
  );
}

async function benchBurst(): Promise<void> {
  const workspaces = 10;
  const clocks = isQuick ? 200 : 1000;
  console.log(`\n-- a burst of ${workspaces * clocks} breaches due at one instant`);
  const relay = memoryRelay();
  const dueAtMs = Date.now() + 8_000;
  for (let w = 0; w < workspaces; w++)
    await seed(relay.withRoom, relay.docOf, `burst${w}`, clocks, () => dueAtMs - hotTargetMs);
  let written = 0;
  let lastWrittenAtMs = 0;
  const watcher = startWatcher({
    openRoom: relay.openRoom,
    nowMs: Date.now,
    log: silentLog,
    onWritten: (event) => {
      if (event.type !== 'judged') return;
      written++;
      lastWrittenAtMs = Date.now();
    },
  });
  for (let w = 0; w < workspaces; w++) await watcher.watch(`burst${w}`);
  await waitFor(() => written >= workspaces * clocks, { what: 'every breach judged', timeoutMs: 120_000 });
  await watcher.idle();
  watcher.close();
  const drainMs = lastWrittenAtMs - dueAtMs;
  console.log(
    `${written} judged events stored ${format(drainMs)} ms after the instant: ${format(written / (drainMs / 1000))} events/s`,
  );
}

async function benchRelaySync(): Promise<void> {
  const workspaces = isQuick ? 5 : 20;
  const clocks = isQuick ? 100 : 500;
  const samples = isQuick ? 300 : 1000;
  const warmUp = 50;
  const soon = Math.ceil(clocks * 0.02);
  /** Seeding and the watcher's first read happen within this; the timed updates start after it. */
  const settleMs = isQuick ? 15_000 : 60_000;
  console.log(
    `\n-- relay sync p99 with the watcher on and off (${workspaces} workspaces × ${clocks} open clocks)`,
  );
  // Rounds alternate on and off so that drift of the machine falls on both; latencies are pooled.
  const rounds = isQuick ? 1 : 2;
  const results: Record<'on' | 'off', number[]> = { on: [], off: [] };
  const modes = Array.from({ length: rounds }, () => ['on', 'off'] as const).flat();
  for (const mode of modes) {
    const relay = await startRelay({ env: { PACTLINE_WATCHER: mode } });
    try {
      const nowMs = Date.now();
      for (let w = 0; w < workspaces; w++) {
        const workspace = `sync${w}`;
        const token = await relay.mintToken({ ws: workspace, sub: 'seeder', role: 'admin' });
        const clients = new Map<string, ReturnType<typeof connectProvider>>();
        const clientOf = (room: string) => {
          let client = clients.get(room);
          if (client === undefined) {
            client = connectProvider(relay.url, room, token);
            clients.set(room, client);
          }
          return client;
        };
        const withRoom: RoomWriter = async (room, body) => {
          const client = clientOf(room);
          await client.synced();
          return body(client.doc);
        };
        await seed(
          withRoom,
          (room) => clientOf(room).doc,
          workspace,
          clocks,
          // 2 % of the rungs fall due while the updates are timed (about 5 ms apart), the rest later.
          (index) =>
            index < soon
              ? nowMs - 0.8 * hotTargetMs + settleMs + (index / soon) * samples * 6
              : nowMs - (index / clocks) * 0.5 * hotTargetMs,
        );
        for (const client of clients.values()) {
          await client.synced();
          await waitFor(() => client.provider.synced, { what: 'seed stored' });
          client.destroy();
        }
      }
      // The watcher has read every seeded clock before the first update is timed.
      if (mode === 'on')
        await waitFor(
          async () => (await relay.metric('pactline_relay_watcher_open_clocks')) === workspaces * clocks,
          { what: 'the watcher holding every clock', timeoutMs: settleMs, intervalMs: 250 },
        );
      const measureAtMs = nowMs + settleMs;
      if (Date.now() > measureAtMs)
        console.log('(seeding took longer than the settling time: rungs fell due early)');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, measureAtMs - Date.now())));
      const token = await relay.mintToken({ ws: 'sync0', sub: 'ana', role: 'editor' });
      const writer = connectProvider(relay.url, 'sync0/agreement/notes', token);
      const reader = connectProvider(relay.url, 'sync0/agreement/notes', token);
      await Promise.all([writer.synced(), reader.synced()]);
      const eventsBefore = await relay.metric('pactline_relay_watcher_events_total', { type: 'escalated' });
      await timedUpdates(writer, reader, () => false, warmUp);
      const latencies = await timedUpdates(writer, reader, () => false, samples);
      writer.destroy();
      reader.destroy();
      results[mode].push(...latencies);
      const escalated =
        (await relay.metric('pactline_relay_watcher_events_total', { type: 'escalated' })) - eventsBefore;
      console.log(
        `watcher ${mode}: p50 ${format(median(latencies), 2)} ms, p99 ${format(percentile(latencies, 0.99), 2)} ms (${samples} updates, ${escalated} rungs written meanwhile)`,
      );
    } finally {
      await relay.kill('SIGTERM');
    }
  }
  const on = percentile(results.on, 0.99);
  const off = percentile(results.off, 0.99);
  console.log(
    `pooled over ${rounds} round(s): p99 on ${format(on, 2)} ms, off ${format(off, 2)} ms, on/off ${format(on / off, 2)} (goal: within 1.10)`,
  );
}

// WATCHER_BENCH_PARTS=3 (or 1,2) runs only those parts.
const parts = (process.env.WATCHER_BENCH_PARTS ?? '1,2,3').split(',');
if (parts.includes('1')) await benchOpenClocks();
if (parts.includes('2')) await benchBurst();
if (parts.includes('3')) await benchRelaySync();
process.exit(0);
