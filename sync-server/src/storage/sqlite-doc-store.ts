import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type DocStore, StoreClosedError, type StoredDoc } from './doc-store.js';

/**
 * SQLite in WAL mode. Appends that arrive in the same turn of the event loop are written in one
 * transaction (group commit), so durability costs one WAL sync per batch rather than per update.
 */
export type SqliteDocStoreOptions = {
  path: string;
  synchronous: 'full' | 'normal';
  /** Called with the duration of each storage operation, for the latency histogram. */
  observe?: (operation: 'load' | 'append' | 'compact', seconds: number) => void;
};

type PendingAppend = {
  room: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

export function openSqliteDocStore(options: SqliteDocStoreOptions): DocStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, through_seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, seq);
  `);
  const selectSnapshot = db.prepare<[string], { data: Buffer; through_seq: number }>(
    'SELECT data, through_seq FROM snapshots WHERE room = ?',
  );
  const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  const insertUpdate = db.prepare<[string, Uint8Array]>('INSERT INTO updates (room, data) VALUES (?, ?)');
  const upsertSnapshot = db.prepare<[string, Uint8Array, number]>(
    'INSERT INTO snapshots (room, data, through_seq) VALUES (?, ?, ?) ' +
      'ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq',
  );
  const deleteUpdates = db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?');

  const observe = options.observe ?? (() => {});
  const timed = <T>(operation: 'load' | 'append' | 'compact', run: () => T): T => {
    const started = process.hrtime.bigint();
    try {
      return run();
    } finally {
      observe(operation, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };

  let queue: PendingAppend[] = [];
  let isFlushScheduled = false;
  let isClosed = false;

  const writeBatch = db.transaction((batch: PendingAppend[]) =>
    batch.map((item) => Number(insertUpdate.run(item.room, asBuffer(item.update)).lastInsertRowid)),
  );
  const compactRoom = db.transaction((room: string, snapshot: Uint8Array, throughSeq: number) => {
    upsertSnapshot.run(room, asBuffer(snapshot), throughSeq);
    deleteUpdates.run(room, throughSeq);
  });

  const flush = () => {
    isFlushScheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let seqs: number[];
    try {
      seqs = timed('append', () => writeBatch(batch));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(seqs[i] as number);
  };

  return {
    async load(room: string): Promise<StoredDoc> {
      if (isClosed) throw new StoreClosedError('store is closed');
      return timed('load', () => {
        const snapshot = selectSnapshot.get(room);
        const rows = selectUpdates.all(room);
        const lastRow = rows[rows.length - 1];
        return {
          snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
          updates: rows.map((row) => new Uint8Array(row.data)),
          lastSeq: lastRow?.seq ?? snapshot?.through_seq ?? 0,
        };
      });
    },
    append(room: string, update: Uint8Array): Promise<number> {
      if (isClosed) return Promise.reject(new StoreClosedError('store is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ room, update, resolve, reject });
        if (!isFlushScheduled) {
          isFlushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
      if (isClosed) throw new StoreClosedError('store is closed');
      timed('compact', () => compactRoom(room, snapshot, throughSeq));
    },
    async close(): Promise<void> {
      if (isClosed) return;
      flush();
      isClosed = true;
      db.close();
    },
  };
}

/** better-sqlite3 binds Buffers; this views the same bytes without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
