import Database from 'better-sqlite3';
import { completeSnapshot, planCompaction, type StoredPart } from './compaction.js';
import type { Compaction } from './doc-store.js';
import type { AppendItem } from './group-commit.js';

/**
 * The writing half of the SQLite store: schema, appends and compaction on one connection. It runs
 * either on the relay's thread or in a worker thread (see `sqlite-writer-worker.ts`), so that a
 * `synchronous = FULL` commit, which waits for the disk, does not stall the relay's event loop.
 */

export type SqliteWriter = {
  appendBatch(items: AppendItem[]): number[];
  /** Returns the sequence number the stored snapshot holds everything through. */
  compact(room: string, snapshot: Uint8Array, compaction: Compaction): number;
  close(): void;
};

export function ensureSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, through_seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, seq);
  `);
  // Added later, so files written before it gain the column (NULL: not known, computed on demand).
  const columns = db.pragma('table_info(snapshots)') as { name: string }[];
  if (!columns.some((column) => column.name === 'state_vector'))
    db.exec('ALTER TABLE snapshots ADD COLUMN state_vector BLOB');
}

/**
 * `isCheckpointingElsewhere`: another connection (the checkpoint worker) copies the WAL into the
 * database file, so commits here never wait for that copy and its disk sync.
 */
export function openSqliteWriter(
  path: string,
  synchronous: 'full' | 'normal',
  isCheckpointingElsewhere = false,
): SqliteWriter {
  const db = new Database(path);
  ensureSchema(db);
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  if (isCheckpointingElsewhere) db.pragma('wal_autocheckpoint = 0');
  const insertUpdate = db.prepare<[string, Buffer]>('INSERT INTO updates (room, data) VALUES (?, ?)');
  const upsertSnapshot = db.prepare<[string, Buffer, number, Buffer | null]>(
    'INSERT INTO snapshots (room, data, through_seq, state_vector) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq, ' +
      'state_vector = excluded.state_vector',
  );
  const selectSnapshot = db.prepare<[string], { data: Buffer; through_seq: number }>(
    'SELECT data, through_seq FROM snapshots WHERE room = ?',
  );
  const selectSeqs = db
    .prepare<[string, number], number>('SELECT seq FROM updates WHERE room = ? AND seq <= ? ORDER BY seq')
    .pluck();
  const selectUpdate = db.prepare<[number], Buffer>('SELECT data FROM updates WHERE seq = ?').pluck();
  const deleteUpdates = db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?');
  const deleteUpdate = db.prepare<[number]>('DELETE FROM updates WHERE seq = ?');
  const appendBatch = db.transaction((items: AppendItem[]) =>
    items.map((item) => Number(insertUpdate.run(item.room, asBuffer(item.update)).lastInsertRowid)),
  );
  // What is read and what is written happen under one write lock (IMMEDIATE), so an update
  // another connection stores meanwhile is either merged here or left for the next compaction.
  const compact = db.transaction((room: string, snapshot: Uint8Array, compaction: Compaction): number => {
    const current = selectSnapshot.get(room);
    const storedSeqs = selectSeqs.all(room, compaction.throughSeq);
    const plan = planCompaction(compaction, current?.through_seq ?? null, storedSeqs);
    const parts: StoredPart[] = [];
    if (plan.mergesStoredSnapshot && current !== undefined) parts.push({ seq: null, data: current.data });
    for (const seq of plan.unseen) parts.push({ seq, data: selectUpdate.get(seq) as Buffer });
    const completed = completeSnapshot(snapshot, compaction.stateVector ?? null, storedSeqs, parts);
    upsertSnapshot.run(
      room,
      asBuffer(completed.snapshot),
      plan.throughSeq,
      completed.stateVector && asBuffer(completed.stateVector),
    );
    if (completed.mergedSeqs.length === storedSeqs.length) deleteUpdates.run(room, compaction.throughSeq);
    else for (const seq of completed.mergedSeqs) deleteUpdate.run(seq);
    return plan.throughSeq;
  });
  return {
    appendBatch: (items) => appendBatch(items),
    compact: (room, snapshot, compaction) => compact.immediate(room, snapshot, compaction),
    close: () => db.close(),
  };
}

/** better-sqlite3 binds Buffers; this views the same bytes without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
