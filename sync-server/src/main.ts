import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseRoom } from '@pactline/shared';
import { relayConfigFromEnv } from './config.js';
import { createJsonLog } from './log.js';
import { compactingCollector } from './memory-release.js';
import { createMetricsServer, type MetricsAccess } from './metrics-endpoint.js';
import { missingNodeFlags } from './node-flags.js';
import { notificationsFor, openNotificationStore } from './notifications/notification-store.js';
import { createRelay, type Relay } from './relay.js';
import { resolveSecret } from './secret.js';
import { openSqliteDocStore } from './storage/sqlite-doc-store.js';
import { runTokenCommand } from './token-command.js';
import { startWatcher, type Watcher } from './watcher/start-watcher.js';
import { watchedWorkspacesFile } from './watcher/watched-workspaces.js';

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
} else {
  await serve();
}

async function serve() {
  const storePath = join(config.dataDir, 'relay.sqlite');
  let relay: Relay | null = null;
  let watcher: Watcher | null = null;
  const watched = watchedWorkspacesFile(join(config.dataDir, 'watched-workspaces.json'));
  const watch = (workspace: string) => {
    watched.add(workspace);
    void watcher?.watch(workspace);
  };
  const metricsAccess: MetricsAccess = {
    token: config.metricsToken,
    isSeparate: config.metricsListener !== null,
  };
  const store = openSqliteDocStore({
    path: storePath,
    synchronous: config.sqliteSynchronous,
    writer: config.sqliteWriter,
    observe: (operation, seconds) => relay?.metrics.storageSeconds.observe({ operation }, seconds),
  });
  relay = createRelay({
    host: config.host,
    port: config.port,
    secret,
    store,
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
  });
  const notifications = openNotificationStore(join(config.dataDir, 'notifications.sqlite'));
  relay.metrics.observeNotifications(() => notifications.pendingCount());
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
  if (config.isWatcherOn) {
    const metrics = relay.metrics;
    watcher = startWatcher({
      openRoom: relay.holdRoom,
      nowMs: Date.now,
      log,
      monthsWatched: config.watcherMonths,
      onPlanned: (workspace, plan) => metrics.watcherPlanned(workspace, plan),
      onWritten: (event, lagMs) => {
        metrics.watcherEvents.inc({ type: event.type });
        metrics.watcherLagSeconds.observe(lagMs / 1000);
      },
      // Every escalation in a watched log, whoever wrote it, once per process: recorded unless it
      // already is, so a kill -9 between the event and its record is mended on the next start.
      onEscalated: (workspace, _agreement, handoff, event) => {
        const added = notifications.record(notificationsFor(workspace, handoff, event));
        if (added > 0) log('info', 'notifications queued', { workspace, event: event.id, added });
      },
    });
    for (const workspace of watched.list()) void watcher.watch(workspace);
  }
  log('info', 'listening', { host: config.host, port, dataDir: config.dataDir, limits: config.limits });
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
