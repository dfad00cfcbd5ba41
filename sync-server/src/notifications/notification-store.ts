import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { escalationTargetsOf, type HandoffEvent, type HandoffWithEvents } from '@pactline/shared';
import Database from 'better-sqlite3';

/**
 * The relay's own record of whom each escalation is to reach: one row per `escalated` event and
 * recipient, kept out of every synced document (members never see or edit it). Delivery drains it.
 *
 * Rows are keyed by workspace, event id and recipient and written with INSERT OR IGNORE, and the
 * watcher offers every `escalated` event of the logs it watches once per process. So a relay killed
 * between storing an event and recording its notifications records them on its next start, and an
 * event offered again (another start, another relay) adds nothing.
 */
export type NotificationRecipient = `user:${string}` | `party:${string}` | `channel:${string}`;

export type NotificationDraft = {
  workspace: string;
  eventId: string;
  recipient: NotificationRecipient;
  handoffId: string;
  ruleId: string;
  atPercent: number;
  reason: 'rung' | 'breached';
  /** When the rung was due (the event's instant). */
  dueAtMs: number;
};

export type PendingNotification = NotificationDraft & { createdAtMs: number };

export type NotificationStore = {
  /** Records what is not recorded yet; returns how many rows were new. */
  record(drafts: readonly NotificationDraft[]): number;
  pendingCount(): number;
  /** Every notification recorded, handed on or not. */
  recordedCount(): number;
  /** The oldest pending notifications first. */
  pending(limit: number): PendingNotification[];
  /** The notifications of one event not yet handed to delivery. */
  unrouted(workspace: string, eventId: string): PendingNotification[];
  /** Marks an event's notifications as handed to delivery (its deliveries are queued, or none could be). */
  markRouted(workspace: string, eventId: string): void;
  /** The database it keeps its rows in, shared with the delivery store. */
  readonly database: Database.Database;
  close(): void;
};

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

/**
 * One notification per recipient of the escalation (`escalationTargetsOf`: parties stay whole) and
 * per channel the rung named directly.
 */
export function notificationsFor(
  workspace: string,
  handoff: HandoffWithEvents,
  event: EscalatedEvent,
): NotificationDraft[] {
  const recipients: NotificationRecipient[] = [
    ...escalationTargetsOf(event, handoff).map(
      (target): NotificationRecipient =>
        target.kind === 'user' ? `user:${target.userId}` : `party:${target.partyId}`,
    ),
    ...new Set(
      (event.channels ?? []).map((channel): NotificationRecipient => `channel:${channel.channelId}`),
    ),
  ];
  return recipients.map((recipient) => ({
    workspace,
    eventId: event.id,
    recipient,
    handoffId: handoff.id,
    ruleId: event.ruleId,
    atPercent: event.atPercent,
    reason: event.reason ?? (event.atPercent >= 100 ? 'breached' : 'rung'),
    dueAtMs: event.atMs,
  }));
}

type Row = {
  workspace: string;
  event_id: string;
  recipient: NotificationRecipient;
  handoff_id: string;
  rule_id: string;
  at_percent: number;
  reason: 'rung' | 'breached';
  due_at_ms: number;
  created_at_ms: number;
};

/** Opens (creating 0600 if missing) the store at `path`, or in memory for ':memory:'. */
export function openNotificationStore(path: string, nowMs: () => number = Date.now): NotificationStore {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Each record is its own commit: it must survive the process being killed right after.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS notifications (
      workspace TEXT NOT NULL,
      event_id TEXT NOT NULL,
      recipient TEXT NOT NULL,
      handoff_id TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      at_percent REAL NOT NULL,
      reason TEXT NOT NULL,
      due_at_ms INTEGER NOT NULL,
      created_at_ms INTEGER NOT NULL,
      delivered_at_ms INTEGER,
      PRIMARY KEY (workspace, event_id, recipient)
    );
    CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (created_at_ms) WHERE delivered_at_ms IS NULL;
  `);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO notifications
       (workspace, event_id, recipient, handoff_id, rule_id, at_percent, reason, due_at_ms, created_at_ms)
     VALUES (@workspace, @eventId, @recipient, @handoffId, @ruleId, @atPercent, @reason, @dueAtMs, @createdAtMs)`,
  );
  const recordAll = db.transaction((drafts: readonly NotificationDraft[], createdAtMs: number) => {
    let added = 0;
    for (const draft of drafts) added += insert.run({ ...draft, createdAtMs }).changes;
    return added;
  });
  const countRecorded = db.prepare('SELECT COUNT(*) AS count FROM notifications');
  const countPending = db.prepare(
    'SELECT COUNT(*) AS count FROM notifications WHERE delivered_at_ms IS NULL',
  );
  const selectUnrouted = db.prepare(
    'SELECT * FROM notifications WHERE workspace = ? AND event_id = ? AND delivered_at_ms IS NULL ORDER BY recipient',
  );
  const updateRouted = db.prepare(
    'UPDATE notifications SET delivered_at_ms = ? WHERE workspace = ? AND event_id = ? AND delivered_at_ms IS NULL',
  );
  const selectPending = db.prepare(
    'SELECT * FROM notifications WHERE delivered_at_ms IS NULL ORDER BY created_at_ms, workspace, event_id, recipient LIMIT ?',
  );
  return {
    record(drafts) {
      return drafts.length === 0 ? 0 : recordAll(drafts, nowMs());
    },
    recordedCount() {
      return (countRecorded.get() as { count: number }).count;
    },
    pendingCount() {
      return (countPending.get() as { count: number }).count;
    },
    pending(limit) {
      return (selectPending.all(limit) as Row[]).map(pendingOf);
    },
    unrouted(workspace, eventId) {
      return (selectUnrouted.all(workspace, eventId) as Row[]).map(pendingOf);
    },
    markRouted(workspace, eventId) {
      updateRouted.run(nowMs(), workspace, eventId);
    },
    database: db,
    close() {
      db.close();
    },
  };
}

function pendingOf(row: Row): PendingNotification {
  return {
    workspace: row.workspace,
    eventId: row.event_id,
    recipient: row.recipient,
    handoffId: row.handoff_id,
    ruleId: row.rule_id,
    atPercent: row.at_percent,
    reason: row.reason,
    dueAtMs: row.due_at_ms,
    createdAtMs: row.created_at_ms,
  };
}
