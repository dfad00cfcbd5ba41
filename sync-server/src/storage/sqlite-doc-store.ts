import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type Compaction, type DocStore, StoreClosedError, type StoredDoc } from './doc-store.js';
import { type AppendItem, groupCommit } from './group-commit.js';
import { ensureSchema, openSqliteWriter } from './sqlite-writer.js';
import type { WriterRequest, WriterResponse } from './sqlite-writer-worker.js';

/**
 * SQLite in WAL mode. Reads (loading a room) run on the caller's thread; writes go to a writer on
 * that thread or in a worker thread, as `writer` says. Appends are group-committed: while one
 * batch is being written, the next accumulates, so durability costs one WAL sync per batch rather
 * than per update and the relay keeps serving while the disk syncs.
 */
export type SqliteDocStoreOptions = {
  path: string;
  synchronous: 'full' | 'normal';
  /** `worker` keeps disk syncs off the event loop; `inline` writes on this thread. */
  writer: 'worker' | 'inline';
  /**
   * `worker` (default) copies the WAL into the database from a worker thread so that commits never
   * wait for it; `inline` leaves it to SQLite's automatic checkpoints inside commits.
   */
  checkpoints?: 'worker' | 'inline';
  /** Called with the duration of each storage operation, for the latency histogram. */
  observe?: (operation: 'load' | 'append' | 'compact', seconds: number) => void;
};

type AsyncWriter = {
  appendBatch(items: AppendItem[]): Promise<number[]>;
  compact(room: string, snapshot: Uint8Array, compaction: Compaction): Promise<number>;
  close(): Promise<void>;
};

const checkpointIntervalMs = 500;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export function openSqliteDocStore(options: SqliteDocStoreOptions): DocStore {
  if (options.path !== ':memory:') {
    // The documents are the workspace's agreements and log: for the relay's user alone. SQLite
    // gives its WAL and shared-memory files the database file's mode.
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    closeSync(openSync(options.path, 'a', 0o600));
    chmodSync(options.path, 0o600);
  }
  const reader = new Database(options.path);
  ensureSchema(reader);
  const isCheckpointWorker = (options.checkpoints ?? 'worker') === 'worker';
  const checkpointer = isCheckpointWorker
    ? new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), {
        workerData: { path: options.path, intervalMs: checkpointIntervalMs },
      })
    : null;
  const writer =
    options.writer === 'worker'
      ? workerWriter(options.path, options.synchronous, isCheckpointWorker)
      : inlineWriter(options.path, options.synchronous, isCheckpointWorker);
  const selectSnapshot = reader.prepare<
    [string],
    { data: Buffer; through_seq: number; state_vector: Buffer | null }
  >('SELECT data, through_seq, state_vector FROM snapshots WHERE room = ?');
  const selectUpdates = reader.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  // One read transaction, so the snapshot and the updates after it are seen at the same moment.
  const readRoom = reader.transaction((room: string) => ({
    snapshot: selectSnapshot.get(room),
    rows: selectUpdates.all(room),
  }));

  const observe = options.observe ?? (() => {});
  const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

  let isClosed = false;
  const appends = groupCommit(
    (items) => writer.appendBatch(items),
    (seconds) => observe('append', seconds),
  );

  return {
    async load(room: string): Promise<StoredDoc> {
      if (isClosed) throw new StoreClosedError('store is closed');
      const started = process.hrtime.bigint();
      const { snapshot, rows } = readRoom(room);
      observe('load', secondsSince(started));
      const snapshotSeq = snapshot?.through_seq ?? 0;
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
        snapshotStateVector: snapshot?.state_vector ? new Uint8Array(snapshot.state_vector) : null,
        snapshotSeq,
        updates: rows.map((row) => new Uint8Array(row.data)),
        seqs: rows.map((row) => row.seq),
        lastSeq: Math.max(rows[rows.length - 1]?.seq ?? 0, snapshotSeq),
      };
    },
    append(room: string, update: Uint8Array): Promise<number> {
      if (isClosed) return Promise.reject(new StoreClosedError('store is closed'));
      return appends.append(room, update);
    },
    async compact(room: string, snapshot: Uint8Array, compaction: Compaction): Promise<number> {
      if (isClosed) throw new StoreClosedError('store is closed');
      const started = process.hrtime.bigint();
      const throughSeq = await writer.compact(room, snapshot, compaction);
      observe('compact', secondsSince(started));
      return throughSeq;
    },
    async close(): Promise<void> {
      if (isClosed) return;
      isClosed = true;
      await appends.drain();
      await writer.close();
      if (checkpointer) {
        const exited = new Promise((resolve) => checkpointer.once('exit', resolve));
        checkpointer.postMessage('close');
        await exited;
      }
      reader.close();
    },
  };
}

function inlineWriter(
  path: string,
  synchronous: 'full' | 'normal',
  isCheckpointingElsewhere: boolean,
): AsyncWriter {
  const writer = openSqliteWriter(path, synchronous, isCheckpointingElsewhere);
  return {
    appendBatch: async (items) => writer.appendBatch(items),
    compact: async (room, snapshot, compaction) => writer.compact(room, snapshot, compaction),
    close: async () => writer.close(),
  };
}

function workerWriter(
  path: string,
  synchronous: 'full' | 'normal',
  isCheckpointingElsewhere: boolean,
): AsyncWriter {
  const worker = new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), {
    workerData: { path, synchronous, isCheckpointingElsewhere },
  });
  const waiting = new Map<
    number,
    { resolve: (response: WriterResponse) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (response: WriterResponse) => {
    const entry = waiting.get(response.id);
    waiting.delete(response.id);
    entry?.resolve(response);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => failAll(new StoreClosedError('storage writer stopped')));

  const request = (message: WithoutId<WriterRequest>): Promise<WriterResponse & { ok: true }> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, {
        resolve: (response) => (response.ok ? resolve(response) : reject(new Error(response.error))),
        reject,
      });
      worker.postMessage({ id, ...message });
    });
  };
  return {
    appendBatch: async (items) => (await request({ kind: 'append', items })).seqs ?? [],
    compact: async (room, snapshot, compaction) =>
      (await request({ kind: 'compact', room, snapshot, compaction })).throughSeq ?? compaction.throughSeq,
    close: async () => {
      await request({ kind: 'close' });
    },
  };
}
