import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseRoom, workspaceIdSchema } from '@pactline/shared';
import { relayConfigFromEnv } from './config.js';
import { addressPolicy } from './delivery/address-policy.js';
import { adminApi } from './delivery/admin-api.js';
import { startDeliveryQueue } from './delivery/delivery-queue.js';
import { deliveryStore } from './delivery/delivery-store.js';
import { escalationRouter } from './delivery/escalation-router.js';
import { openRedisFanout, type RoomFanout } from './fanout/redis-fanout.js';
import { relayIdIn } from './fanout/relay-id.js';
import { createJsonLog } from './log.js';
import { compactingCollector } from './memory-release.js';
import { createMetricsServer, type MetricsAccess } from './metrics-endpoint.js';
import { missingNodeFlags } from './node-flags.js';
import { openNotificationStore } from './notifications/notification-store.js';
import { createRelay, type Relay } from './relay.js';
import { resolveSecret } from './secret.js';
import type { DocStore } from './storage/doc-store.js';
import { openPostgresDocStore, type PoolUse } from './storage/postgres-doc-store.js';
import { openSqliteDocStore } from './storage/sqlite-doc-store.js';
import { watchedStore } from './storage/store-health.js';
import { runTokenCommand } from './token-command.js';
import { runVerifyLogCommand } from './verify-log-command.js';
import type { Watcher } from './watcher/start-watcher.js';
import { watchedWorkspacesFile } from './watcher/watched-workspaces.js';
import { startWatcherThread } from './watcher/watcher-thread.js';

// The only file that reads the environment. `node main.js` runs the relay; `node main.js token ...`
// mints a token with the same secret.
const shutdownDeadlineMs = 1800;
const log = createJsonLog((line) => process.stdout.write(line));

const configResult = relayConfigFromEnv(process.env);
if (!configResult.ok) {
  log('error', 'invalid configuration', { error: configResult.message });
  process.exit(2);
}
const config = configResult.config;
const secretResult = resolveSecret(config.secret, config.dataDir);
if (!secretResult.ok) {
  log('error', 'invalid secret', { error: secretResult.message });
  process.exit(2);
}
const secret = secretResult.secret;

if (process.argv[2] === 'token') {
  const result = await runTokenCommand(process.argv.slice(3), secret, Date.now());
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(2);
  }
  process.stdout.write(`${result.token}\n`);
} else if (process.argv[2] === 'verify-log') {
  const store = { dataDir: config.dataDir, postgresUrl: config.postgres?.url ?? null };
  const code = await runVerifyLogCommand(process.argv.slice(3), store, (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.exit(code);
} else {
  await serve();
}

async function serve() {
  const storePath = join(config.dataDir, 'relay.sqlite');
  let relay: Relay | null = null;
  let watcher: Watcher | null = null;
  const watched = watchedWorkspacesFile(join(config.dataDir, 'watched-workspaces.json'));
  let fanout: RoomFanout | undefined;
  const watch = (workspace: string) => {
    watched.add(workspace);
    fanout?.shareWorkspace(workspace);
    void watcher?.watch(workspace);
  };
  const notifications = openNotificationStore(join(config.dataDir, 'notifications.sqlite'));
  const deliveries = deliveryStore(notifications.database);
  const policy = addressPolicy(config.webhookAllow);
  const metricsAccess: MetricsAccess = {
    token: config.metricsToken,
    isSeparate: config.metricsListener !== null,
  };
  const observe = (operation: 'load' | 'append' | 'compact', seconds: number) =>
    relay?.metrics.storageSeconds.observe({ operation }, seconds);
  let engine: DocStore;
  let probe: (() => Promise<void>) | undefined;
  let poolUse: () => PoolUse | null = () => null;
  if (config.postgres === null)
    engine = openSqliteDocStore({
      path: storePath,
      synchronous: config.sqliteSynchronous,
      writer: config.sqliteWriter,
      observe,
    });
  else {
    try {
      const postgres = await openPostgresDocStore({
        ...config.postgres,
        observe,
        onIdleError: (error) => log('warn', 'a Postgres connection failed', { error: error.message }),
      });
      engine = postgres;
      probe = postgres.probe;
      poolUse = postgres.poolUse;
    } catch (error) {
      log('error', 'cannot open the Postgres store', { error: String(error) });
      process.exit(1);
    }
  }
  const store = watchedStore(engine, {
    probe,
    onError: (operation, error) => {
      relay?.metrics.storageErrors.inc({ operation });
      log('warn', 'a storage operation failed', { operation, error: String(error) });
    },
    onChange: (health) =>
      health.isAvailable
        ? log('info', 'the document store answers again')
        : log('error', 'the document store is unavailable: writes are refused until it answers', {
            error: health.error,
          }),
  });
  if (config.redisUrl !== null) {
    try {
      fanout = await openRedisFanout({
        url: config.redisUrl,
        relayId: relayIdIn(join(config.dataDir, 'relay-id')),
        leaseMs: config.redisLeaseMs,
        onAvailable: () => log('info', 'Redis answers again: rooms are shared with the other relays'),
        onError: (error) =>
          log('warn', 'Redis is unreachable: rooms are not shared with other relays until it answers', {
            error: error.message,
          }),
      });
    } catch (error) {
      log('error', 'cannot reach Redis', { error: String(error) });
      process.exit(1);
    }
  }
  relay = createRelay({
    fanout,
    host: config.host,
    port: config.port,
    secret,
    store,
    storeHealth: store.health,
    limits: config.limits,
    unloadAfterMs: config.unloadAfterMs,
    compactAfterUpdates: config.compactAfterUpdates,
    log,
    collectGarbage: compactingCollector((globalThis as { gc?: () => void }).gc),
    onRoomLoaded: (name) => {
      const parsed = parseRoom(name);
      if (parsed.ok && config.isWatcherOn) watch(parsed.room.workspace);
    },
    metricsAccess,
    answerHttp: (req, res, path) => answerAdmin(req, res, path),
  });
  const relayMetrics = relay.metrics;
  relayMetrics.observeNotifications(
    () => notifications.pendingCount(),
    () => notifications.recordedCount(),
  );
  relayMetrics.observeDeliveries(() => deliveries.pendingCount());
  relayMetrics.observeStore(() => store.health().isAvailable, poolUse);
  const queue = startDeliveryQueue({
    store: deliveries,
    policy,
    log,
    timeoutMs: config.delivery.timeoutMs,
    retryBaseMs: config.delivery.retryBaseMs,
    giveUpAfterMs: config.delivery.giveUpAfterMs,
    onAttempt: (channel, delivery, attempt) => {
      relayMetrics.deliveryAttempts.inc({ kind: channel?.kind ?? 'removed', outcome: attempt.outcome });
      if (attempt.outcome === 'delivered' && !delivery.isTest)
        relayMetrics.deliverySeconds.observe((Date.now() - Date.parse(delivery.message.dueAt)) / 1000);
    },
  });
  const answerAdmin = adminApi({
    secret,
    store: deliveries,
    policy,
    nowMs: Date.now,
    onQueued: () => queue.wake(),
  });
  const route = escalationRouter({
    notifications,
    deliveries,
    queue,
    log,
    appUrl: config.appUrl,
    giveUpAfterMs: config.delivery.giveUpAfterMs,
  });
  const { port } = await relay.listen();
  if (config.metricsListener !== null) {
    const { host, port: wantedPort } = config.metricsListener;
    const metricsServer = createMetricsServer(relay.metrics.registry, metricsAccess);
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('error', reject);
      metricsServer.listen(wantedPort, host, resolve);
    });
    metricsServer.unref();
    const { port: metricsPort } = metricsServer.address() as AddressInfo;
    log('info', 'metrics listening', { host, port: metricsPort });
  }
  const metrics = relay.metrics;
  const startWatcher = () => {
    const started = startWatcherThread({
      openRoom: relay.holdRoom,
      log,
      monthsWatched: config.watcherMonths,
      onPlanned: (workspace, plan) => metrics.watcherPlanned(workspace, plan),
      onWritten: (event, lagMs) => {
        metrics.watcherEvents.inc({ type: event.type });
        metrics.watcherLagSeconds.observe(lagMs / 1000);
      },
      // Every escalation in a watched log, whoever wrote it, once per process: recorded unless it
      // already is, so a kill -9 between the event and its record is mended on the next start.
      onEscalated: route,
    });
    for (const workspace of watched.list()) void started.watch(workspace);
    return started;
  };
  if (config.isWatcherOn && fanout === undefined) watcher = startWatcher();
  else if (config.isWatcherOn && fanout !== undefined) {
    // One watcher for the group of relays: this relay's only while it holds the lease.
    const group = fanout;
    group.holdWatcher({
      onHeld: () => {
        if (watcher === null) {
          log('info', 'this relay runs the watcher for the relays sharing its rooms');
          watcher = startWatcher();
        }
        void group.sharedWorkspaces().then((workspaces) => {
          for (const workspace of workspaces) {
            if (!workspaceIdSchema.safeParse(workspace).success) continue;
            watched.add(workspace);
            void watcher?.watch(workspace);
          }
        });
      },
      onLost: () => {
        log('warn', 'this relay no longer runs the watcher: another relay of the group does');
        watcher?.close();
        watcher = null;
      },
    });
  }
  log('info', 'listening', {
    host: config.host,
    port,
    dataDir: config.dataDir,
    store: config.postgres === null ? 'sqlite' : 'postgres',
    sharedThrough: fanout === undefined ? null : 'redis',
    limits: config.limits,
  });
  const missing = missingNodeFlags(process.execArgv);
  if (missing.length > 0) {
    log(
      'warn',
      'node runs without some of the relay flags: memory from unloaded rooms may not be given back',
      {
        missing,
        hint: 'start the relay with pnpm --filter @pactline/sync-server start, or pass these flags to node',
      },
    );
  }

  let isStopping = false;
  const stop = (signal: string) => {
    if (isStopping || relay === null) return;
    isStopping = true;
    log('info', 'stopping', { signal });
    setTimeout(() => {
      log('error', 'shutdown deadline passed; exiting before every room was compacted');
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    watcher?.close();
    queue.close();
    relay.close().then(
      () => {
        notifications.close();
        log('info', 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log('error', 'shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
