import Database from 'better-sqlite3';

/**
 * The writing half of the SQLite store: schema, appends and compaction on one connection. It runs
 * either on the relay's thread or in a worker thread (see `sqlite-writer-worker.ts`), so that a
 * `synchronous = FULL` commit, which waits for the disk, does not stall the relay's event loop.
 */
export type AppendItem = { room: string; update: Uint8Array };

export type SqliteWriter = {
  appendBatch(items: AppendItem[]): number[];
  compact(room: string, snapshot: Uint8Array, throughSeq: number, stateVector: Uint8Array | null): void;
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
  const deleteUpdates = db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?');
  const appendBatch = db.transaction((items: AppendItem[]) =>
    items.map((item) => Number(insertUpdate.run(item.room, asBuffer(item.update)).lastInsertRowid)),
  );
  const compact = db.transaction(
    (room: string, snapshot: Uint8Array, throughSeq: number, stateVector: Uint8Array | null) => {
      upsertSnapshot.run(room, asBuffer(snapshot), throughSeq, stateVector && asBuffer(stateVector));
      deleteUpdates.run(room, throughSeq);
    },
  );
  return {
    appendBatch: (items) => appendBatch(items),
    compact: (room, snapshot, throughSeq, stateVector) => compact(room, snapshot, throughSeq, stateVector),
    close: () => db.close(),
  };
}

/** better-sqlite3 binds Buffers; this views the same bytes without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
