import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type RejectReason =
  | 'missing_token'
  | 'expired_token'
  | 'invalid_token'
  | 'invalid_room'
  | 'forbidden_workspace'
  | 'too_many_pending'
  | 'shutting_down';

/**
 * Message and byte totals change on every message sent or received; they are plain numbers bumped
 * in the hot path and read by Prometheus only when scraped (prom-client's `inc()` costs a label
 * lookup and validation per call, once per recipient of every update).
 */
export type TrafficTotals = { messagesIn: number; bytesIn: number; messagesOut: number; bytesOut: number };

/** The relay's Prometheus metrics, in a registry of its own (no global state). */
export function createRelayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pactline_relay_' });
  const labelless = { registers: [registry] };
  const traffic: TrafficTotals = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
  const totalOf = (name: string, help: string, key: keyof TrafficTotals) =>
    new Counter({
      name,
      help,
      ...labelless,
      collect() {
        this.reset();
        this.inc(traffic[key]);
      },
    });
  let pendingTotal = () => 0;
  let notificationsPending = () => 0;
  let notificationsRecorded = () => 0;
  let deliveriesQueued = () => 0;
  let storeAvailable = () => true;
  let storePool: () => { total: number; idle: number; waiting: number } | null = () => null;
  let stampsHeld: (() => number) | null = null;
  let redisAvailable: (() => boolean) | null = null;
  new Gauge({
    name: 'pactline_relay_redis_available',
    help: '1 while Redis answers (rooms are shared with the other relays), 0 while it does not',
    ...labelless,
    collect() {
      if (redisAvailable !== null) this.set(redisAvailable() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'pactline_relay_log_stamps_held',
    help: 'Handoff-log rooms whose receipts and chain links this relay writes (with several relays, one holds each)',
    ...labelless,
    collect() {
      if (stampsHeld !== null) this.set(stampsHeld());
    },
  });
  const watched = new Map<string, { openClocks: number; isTimerArmed: boolean }>();
  new Gauge({
    name: 'pactline_relay_watcher_open_clocks',
    help: 'Response clocks the watcher follows that are not judged yet',
    ...labelless,
    collect() {
      this.set([...watched.values()].reduce((sum, plan) => sum + plan.openClocks, 0));
    },
  });
  new Gauge({
    name: 'pactline_relay_watcher_timers_armed',
    help: 'Workspaces whose watcher timer is set for a next due instant',
    ...labelless,
    collect() {
      this.set([...watched.values()].filter((plan) => plan.isTimerArmed).length);
    },
  });
  new Gauge({
    name: 'pactline_relay_notifications_pending',
    help: 'Escalation notifications recorded and not yet handed to a channel',
    ...labelless,
    collect() {
      this.set(notificationsPending());
    },
  });
  new Gauge({
    name: 'pactline_relay_notifications_recorded',
    help: 'Escalation notifications recorded, one per escalation and recipient',
    ...labelless,
    collect() {
      this.set(notificationsRecorded());
    },
  });
  new Gauge({
    name: 'pactline_relay_store_available',
    help: '1 while the document store answers, 0 while it does not (writes are refused with 4503)',
    ...labelless,
    collect() {
      this.set(storeAvailable() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'pactline_relay_store_pool_connections',
    help: "The document store's connection pool (Postgres): in_use, idle, and waiting (operations waiting for a connection)",
    labelNames: ['state'] as const,
    ...labelless,
    collect() {
      const use = storePool();
      if (use === null) return;
      this.set({ state: 'in_use' }, use.total - use.idle);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });
  new Gauge({
    name: 'pactline_relay_deliveries_queued',
    help: 'Deliveries to channels not yet delivered or failed',
    ...labelless,
    collect() {
      this.set(deliveriesQueued());
    },
  });
  new Gauge({
    name: 'pactline_relay_pending_connections',
    help: 'Connections not yet past their token and room check',
    ...labelless,
    collect() {
      this.set(pendingTotal());
    },
  });
  return {
    registry,
    traffic,
    /** Where the pending-connections gauge reads its value at scrape time. */
    observePending(read: () => number) {
      pendingTotal = read;
    },
    /** The watcher's latest plan of a workspace, for the open-clocks and timers gauges. */
    watcherPlanned(workspace: string, plan: { openClocks: number; isTimerArmed: boolean }) {
      watched.set(workspace, plan);
    },
    /** Where the notification gauges read their values at scrape time. */
    observeNotifications(pending: () => number, recorded: () => number) {
      notificationsPending = pending;
      notificationsRecorded = recorded;
    },
    /** Where the store gauges read their values at scrape time (`pool`: null for a store without one). */
    observeStore(
      available: () => boolean,
      pool: () => { total: number; idle: number; waiting: number } | null,
    ) {
      storeAvailable = available;
      storePool = pool;
    },
    storageErrors: new Counter({
      name: 'pactline_relay_storage_errors_total',
      help: 'Storage operations that failed, by operation (load, append, compact)',
      labelNames: ['operation'] as const,
      ...labelless,
    }),
    /** Where the gauges of relays sharing rooms through Redis read their values at scrape time. */
    observeFanout(held: () => number, available: () => boolean) {
      stampsHeld = held;
      redisAvailable = available;
    },
    /** Where the queued-deliveries gauge reads its value at scrape time. */
    observeDeliveries(read: () => number) {
      deliveriesQueued = read;
    },
    deliveryAttempts: new Counter({
      name: 'pactline_relay_delivery_attempts_total',
      help: 'Attempts to deliver to a channel, by channel kind and outcome (delivered, retry, failed)',
      labelNames: ['kind', 'outcome'] as const,
      ...labelless,
    }),
    deliverySeconds: new Histogram({
      name: 'pactline_relay_delivery_seconds',
      help: 'From a rung falling due to its message accepted by the channel',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30, 300, 3600],
      ...labelless,
    }),
    connections: new Gauge({
      name: 'pactline_relay_connections',
      help: 'Open websocket connections',
      ...labelless,
    }),
    roomsLoaded: new Gauge({
      name: 'pactline_relay_rooms_loaded',
      help: 'Documents held in memory',
      ...labelless,
    }),
    messagesIn: totalOf('pactline_relay_messages_in_total', 'Messages received', 'messagesIn'),
    messagesOut: totalOf('pactline_relay_messages_out_total', 'Messages sent', 'messagesOut'),
    bytesIn: totalOf('pactline_relay_bytes_in_total', 'Bytes received', 'bytesIn'),
    bytesOut: totalOf('pactline_relay_bytes_out_total', 'Bytes sent', 'bytesOut'),
    storageSeconds: new Histogram({
      name: 'pactline_relay_storage_seconds',
      help: 'Duration of storage operations',
      labelNames: ['operation'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      ...labelless,
    }),
    rejectedConnections: new Counter({
      name: 'pactline_relay_rejected_connections_total',
      help: 'Connections refused before joining a room, by reason',
      labelNames: ['reason'] as const,
      ...labelless,
    }),
    closedConnections: new Counter({
      name: 'pactline_relay_closed_connections_total',
      help: 'Connections the relay closed for breaking a limit or the protocol, by reason',
      labelNames: ['reason'] as const,
      ...labelless,
    }),
    memoryReleases: new Counter({
      name: 'pactline_relay_memory_releases_total',
      help: 'Full garbage collections run after rooms were unloaded',
      ...labelless,
    }),
    watcherEvents: new Counter({
      name: 'pactline_relay_watcher_events_total',
      help: 'Derived events (escalated, judged) the watcher wrote, by type',
      labelNames: ['type'] as const,
      ...labelless,
    }),
    watcherLagSeconds: new Histogram({
      name: 'pactline_relay_watcher_lag_seconds',
      help: 'From a rung or breach instant to its event being written',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30, 300],
      ...labelless,
    }),
    droppedViewerUpdates: new Counter({
      name: 'pactline_relay_viewer_updates_dropped_total',
      help: 'Updates sent by read-only connections and dropped',
      ...labelless,
    }),
    droppedForeignAwareness: new Counter({
      name: 'pactline_relay_foreign_presence_dropped_total',
      help: "Presence updates for another connection's client ids, dropped",
      ...labelless,
    }),
  };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
