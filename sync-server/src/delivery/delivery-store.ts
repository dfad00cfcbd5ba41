import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { EscalationMessage } from './escalation-message.js';

/**
 * The relay's record of channels and deliveries, beside the pending notifications in the relay's
 * own database (never in a synced document: it holds webhook URLs and signing keys).
 *
 * - A channel is a workspace's webhook (generic, Slack or Teams) and the parties that chose it.
 * - A delivery is one message to one channel, keyed `<event id>:<channel id>` per workspace (the
 *   idempotency key the receiver sees), written with INSERT OR IGNORE: routing an escalation twice
 *   (a restart, a second relay) delivers it once. It stays `pending` until an attempt succeeds
 *   (`delivered`) or fails for good (`failed`); every attempt is recorded.
 */
export const channelKinds = ['webhook', 'slack', 'teams'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export type Channel = {
  workspace: string;
  id: string;
  kind: ChannelKind;
  name: string;
  url: string;
  /** The HMAC key a generic webhook signs with; null: unsigned (Slack and Teams always). */
  signingKey: string | null;
  /** The parties whose escalations go here: every party, or those named. */
  forParties: 'all' | string[];
  createdAtMs: number;
  updatedAtMs: number;
};

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export type Delivery = {
  id: number;
  workspace: string;
  idempotencyKey: string;
  channelId: string;
  message: EscalationMessage;
  isTest: boolean;
  status: DeliveryStatus;
  attempts: number;
  createdAtMs: number;
  nextAttemptAtMs: number;
  finishedAtMs: number | null;
  lastError: string | null;
};

export type DeliveryAttemptRecord = {
  deliveryId: number;
  atMs: number;
  statusCode: number | null;
  latencyMs: number;
  outcome: 'delivered' | 'retry' | 'failed';
  error: string | null;
  response: string;
};

export type NewDelivery = {
  workspace: string;
  idempotencyKey: string;
  channelId: string;
  message: EscalationMessage;
  isTest?: boolean;
};

export type DeliveryStore = {
  putChannel(channel: Omit<Channel, 'createdAtMs' | 'updatedAtMs'>): Channel;
  channel(workspace: string, id: string): Channel | null;
  channels(workspace: string): Channel[];
  removeChannel(workspace: string, id: string): boolean;
  /** Adds what is not there yet (by workspace and key); returns how many were new. */
  enqueue(deliveries: readonly NewDelivery[]): number;
  /**
   * Pending deliveries due at `nowMs`, oldest due first, leaving out those in flight and those to
   * channels (`<workspace>/<channel id>`) that must wait (their host is busy).
   */
  due(
    nowMs: number,
    limit: number,
    exclude: { ids: Iterable<number>; channels: Iterable<string> },
  ): Delivery[];
  /** The earliest next attempt of a pending delivery, or null. */
  nextDueAtMs(): number | null;
  pendingCount(): number;
  /** Records an attempt and the delivery's new state in one transaction. */
  recordAttempt(
    attempt: DeliveryAttemptRecord,
    next: { status: 'pending'; nextAttemptAtMs: number } | { status: 'delivered' | 'failed' },
  ): void;
  delivery(workspace: string, id: number): Delivery | null;
  deliveries(workspace: string, filter: { status?: DeliveryStatus; limit: number }): Delivery[];
  attempts(deliveryId: number): DeliveryAttemptRecord[];
  /** A failed or pending delivery is due again now; false when there is no such delivery. */
  retryNow(workspace: string, id: number, nowMs: number): boolean;
};

const forPartiesSchema = z.union([z.literal('all'), z.array(z.string())]);

type ChannelRow = {
  workspace: string;
  id: string;
  kind: ChannelKind;
  name: string;
  url: string;
  signing_key: string | null;
  for_parties: string;
  created_at_ms: number;
  updated_at_ms: number;
};

type DeliveryRow = {
  id: number;
  workspace: string;
  idempotency_key: string;
  channel_id: string;
  message: string;
  is_test: number;
  status: DeliveryStatus;
  attempts: number;
  created_at_ms: number;
  next_attempt_at_ms: number;
  finished_at_ms: number | null;
  last_error: string | null;
};

type AttemptRow = {
  delivery_id: number;
  at_ms: number;
  status_code: number | null;
  latency_ms: number;
  outcome: DeliveryAttemptRecord['outcome'];
  error: string | null;
  response: string;
};

const channelOf = (row: ChannelRow): Channel => ({
  workspace: row.workspace,
  id: row.id,
  kind: row.kind,
  name: row.name,
  url: row.url,
  signingKey: row.signing_key,
  forParties: forPartiesSchema.catch([]).parse(JSON.parse(row.for_parties)),
  createdAtMs: row.created_at_ms,
  updatedAtMs: row.updated_at_ms,
});

const deliveryOf = (row: DeliveryRow): Delivery => ({
  id: row.id,
  workspace: row.workspace,
  idempotencyKey: row.idempotency_key,
  channelId: row.channel_id,
  message: JSON.parse(row.message) as EscalationMessage,
  isTest: row.is_test === 1,
  status: row.status,
  attempts: row.attempts,
  createdAtMs: row.created_at_ms,
  nextAttemptAtMs: row.next_attempt_at_ms,
  finishedAtMs: row.finished_at_ms,
  lastError: row.last_error,
});

export function deliveryStore(db: Database.Database, nowMs: () => number = Date.now): DeliveryStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS channels (
      workspace TEXT NOT NULL,
      id TEXT NOT NULL,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      url TEXT NOT NULL,
      signing_key TEXT,
      for_parties TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL,
      PRIMARY KEY (workspace, id)
    );
    CREATE TABLE IF NOT EXISTS deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      workspace TEXT NOT NULL,
      idempotency_key TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      message TEXT NOT NULL,
      is_test INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at_ms INTEGER NOT NULL,
      next_attempt_at_ms INTEGER NOT NULL,
      finished_at_ms INTEGER,
      last_error TEXT,
      UNIQUE (workspace, idempotency_key)
    );
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at_ms) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS deliveries_by_workspace ON deliveries (workspace, id);
    CREATE TABLE IF NOT EXISTS delivery_attempts (
      delivery_id INTEGER NOT NULL,
      at_ms INTEGER NOT NULL,
      status_code INTEGER,
      latency_ms INTEGER NOT NULL,
      outcome TEXT NOT NULL,
      error TEXT,
      response TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS delivery_attempts_by_delivery ON delivery_attempts (delivery_id, at_ms);
  `);
  const upsertChannel = db.prepare(`
    INSERT INTO channels (workspace, id, kind, name, url, signing_key, for_parties, created_at_ms, updated_at_ms)
    VALUES (@workspace, @id, @kind, @name, @url, @signingKey, @forParties, @now, @now)
    ON CONFLICT (workspace, id) DO UPDATE SET kind = @kind, name = @name, url = @url,
      signing_key = @signingKey, for_parties = @forParties, updated_at_ms = @now`);
  const selectChannel = db.prepare('SELECT * FROM channels WHERE workspace = ? AND id = ?');
  const selectChannels = db.prepare('SELECT * FROM channels WHERE workspace = ? ORDER BY name, id');
  const deleteChannel = db.prepare('DELETE FROM channels WHERE workspace = ? AND id = ?');
  const insertDelivery = db.prepare(`
    INSERT OR IGNORE INTO deliveries
      (workspace, idempotency_key, channel_id, message, is_test, status, created_at_ms, next_attempt_at_ms)
    VALUES (@workspace, @idempotencyKey, @channelId, @message, @isTest, 'pending', @now, @now)`);
  const enqueueAll = db.transaction((deliveries: readonly NewDelivery[], now: number) => {
    let added = 0;
    for (const delivery of deliveries)
      added += insertDelivery.run({
        workspace: delivery.workspace,
        idempotencyKey: delivery.idempotencyKey,
        channelId: delivery.channelId,
        message: JSON.stringify(delivery.message),
        isTest: delivery.isTest === true ? 1 : 0,
        now,
      }).changes;
    return added;
  });
  const selectDue = db.prepare(`
    SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at_ms <= @now
      AND id NOT IN (SELECT value FROM json_each(@ids))
      AND workspace || '/' || channel_id NOT IN (SELECT value FROM json_each(@channels))
    ORDER BY next_attempt_at_ms, id LIMIT @limit`);
  const selectNextDue = db.prepare(
    "SELECT MIN(next_attempt_at_ms) AS at FROM deliveries WHERE status = 'pending'",
  );
  const countPending = db.prepare("SELECT COUNT(*) AS count FROM deliveries WHERE status = 'pending'");
  const insertAttempt = db.prepare(`
    INSERT INTO delivery_attempts (delivery_id, at_ms, status_code, latency_ms, outcome, error, response)
    VALUES (@deliveryId, @atMs, @statusCode, @latencyMs, @outcome, @error, @response)`);
  const updateDelivery = db.prepare(`
    UPDATE deliveries SET status = @status, attempts = attempts + 1, next_attempt_at_ms = @nextAttemptAtMs,
      finished_at_ms = @finishedAtMs, last_error = @error WHERE id = @id`);
  const record = db.transaction(
    (attempt: DeliveryAttemptRecord, next: Parameters<DeliveryStore['recordAttempt']>[1]) => {
      insertAttempt.run(attempt);
      updateDelivery.run({
        id: attempt.deliveryId,
        status: next.status,
        nextAttemptAtMs: next.status === 'pending' ? next.nextAttemptAtMs : attempt.atMs,
        finishedAtMs: next.status === 'pending' ? null : attempt.atMs,
        error: attempt.error,
      });
    },
  );
  const selectDelivery = db.prepare('SELECT * FROM deliveries WHERE workspace = ? AND id = ?');
  const selectDeliveries = db.prepare(
    'SELECT * FROM deliveries WHERE workspace = @workspace AND (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit',
  );
  const selectAttempts = db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY at_ms');
  const makeDue = db.prepare(
    "UPDATE deliveries SET status = 'pending', next_attempt_at_ms = ?, finished_at_ms = NULL WHERE workspace = ? AND id = ? AND status != 'delivered'",
  );
  return {
    putChannel(channel) {
      const now = nowMs();
      upsertChannel.run({ ...channel, forParties: JSON.stringify(channel.forParties), now });
      return channelOf(selectChannel.get(channel.workspace, channel.id) as ChannelRow);
    },
    channel(workspace, id) {
      const row = selectChannel.get(workspace, id) as ChannelRow | undefined;
      return row === undefined ? null : channelOf(row);
    },
    channels(workspace) {
      return (selectChannels.all(workspace) as ChannelRow[]).map(channelOf);
    },
    removeChannel(workspace, id) {
      return deleteChannel.run(workspace, id).changes > 0;
    },
    enqueue(deliveries) {
      return deliveries.length === 0 ? 0 : enqueueAll(deliveries, nowMs());
    },
    due(now, limit, exclude) {
      const ids = JSON.stringify([...exclude.ids]);
      const channels = JSON.stringify([...exclude.channels]);
      return (selectDue.all({ now, limit, ids, channels }) as DeliveryRow[]).map(deliveryOf);
    },
    nextDueAtMs() {
      return (selectNextDue.get() as { at: number | null }).at;
    },
    pendingCount() {
      return (countPending.get() as { count: number }).count;
    },
    recordAttempt(attempt, next) {
      record(attempt, next);
    },
    delivery(workspace, id) {
      const row = selectDelivery.get(workspace, id) as DeliveryRow | undefined;
      return row === undefined ? null : deliveryOf(row);
    },
    deliveries(workspace, filter) {
      return (
        selectDeliveries.all({
          workspace,
          status: filter.status ?? null,
          limit: filter.limit,
        }) as DeliveryRow[]
      ).map(deliveryOf);
    },
    attempts(deliveryId) {
      return (selectAttempts.all(deliveryId) as AttemptRow[]).map((row) => ({
        deliveryId: row.delivery_id,
        atMs: row.at_ms,
        statusCode: row.status_code,
        latencyMs: row.latency_ms,
        outcome: row.outcome,
        error: row.error,
        response: row.response,
      }));
    },
    retryNow(workspace, id, now) {
      return makeDue.run(now, workspace, id).changes > 0;
    },
  };
}
