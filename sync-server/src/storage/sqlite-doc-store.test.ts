import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreClosedError } from './doc-store.js';
import { openSqliteDocStore } from './sqlite-doc-store.js';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'pactline-store-')), 'relay.sqlite');

function updatesOf(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getArray('log').push([i]);
  return updates;
}

describe('the SQLite document store', () => {
  it('keeps the documents readable by the relay user alone, and tightens a file left readable', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pactline-store-')), 'data', 'relay.sqlite');
    const store = openSqliteDocStore({ path, synchronous: 'full', writer: 'inline', checkpoints: 'inline' });
    await store.append('acme/agreement/a', updatesOf(1)[0]!);
    await store.close();
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o644);
    const reopened = openSqliteDocStore({
      path,
      synchronous: 'full',
      writer: 'inline',
      checkpoints: 'inline',
    });
    await reopened.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('returns appended updates in order, per room, after reopening the file', async () => {
    const path = freshPath();
    const store = openSqliteDocStore({ path, synchronous: 'full', writer: 'inline', checkpoints: 'inline' });
    const updates = updatesOf(5);
    const seqs = await Promise.all(updates.map((update) => store.append('acme/agreement/a', update)));
    await store.append('acme/agreement/b', updates[0]!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    await store.close();

    const reopened = openSqliteDocStore({
      path,
      synchronous: 'full',
      writer: 'inline',
      checkpoints: 'inline',
    });
    const loaded = await reopened.load('acme/agreement/a');
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates).toEqual(updates);
    expect(loaded.lastSeq).toBe(seqs[seqs.length - 1]);
    expect((await reopened.load('acme/agreement/b')).updates).toHaveLength(1);
    expect(await reopened.load('acme/agreement/none')).toEqual({
      snapshot: null,
      snapshotStateVector: null,
      updates: [],
      lastSeq: 0,
    });
    await reopened.close();
  });

  it('compacts into a snapshot, keeping updates stored after the compacted sequence number', async () => {
    const store = openSqliteDocStore({
      path: freshPath(),
      synchronous: 'normal',
      writer: 'inline',
      checkpoints: 'inline',
    });
    const updates = updatesOf(6);
    const seqs: number[] = [];
    for (const update of updates) seqs.push(await store.append('r', update));
    const doc = new Y.Doc();
    for (const update of updates.slice(0, 4)) Y.applyUpdate(doc, update);
    await store.compact('r', Y.encodeStateAsUpdate(doc), seqs[3]!);

    const loaded = await store.load('r');
    expect(loaded.updates).toEqual(updates.slice(4));
    expect(loaded.lastSeq).toBe(seqs[5]);
    const rebuilt = new Y.Doc();
    for (const part of [loaded.snapshot!, ...loaded.updates]) Y.applyUpdate(rebuilt, part);
    expect(rebuilt.getArray('log').toArray()).toEqual([0, 1, 2, 3, 4, 5]);

    await store.compact('r', Y.encodeStateAsUpdate(rebuilt), seqs[5]!);
    expect(await store.load('r')).toMatchObject({ updates: [], lastSeq: seqs[5] });
    await store.close();
  });

  it('writes appends made in one turn in one batch and refuses work once closed', async () => {
    const batches: number[] = [];
    const store = openSqliteDocStore({
      path: freshPath(),
      synchronous: 'full',
      writer: 'inline',
      checkpoints: 'inline',
      observe: (operation) => {
        if (operation === 'append') batches.push(1);
      },
    });
    await Promise.all(updatesOf(50).map((update) => store.append('r', update)));
    expect(batches).toHaveLength(1);
    await store.close();
    await expect(store.append('r', new Uint8Array([0, 0]))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.load('r')).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('opens a file written before snapshots kept their state vector, and keeps one from then on', async () => {
    const path = freshPath();
    const old = new Database(path);
    old.exec(`
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, through_seq INTEGER NOT NULL);
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
    `);
    const doc = new Y.Doc();
    doc.getArray('log').push(['kept']);
    old
      .prepare('INSERT INTO snapshots (room, data, through_seq) VALUES (?, ?, ?)')
      .run('r', Buffer.from(Y.encodeStateAsUpdate(doc)), 3);
    old.close();

    const store = openSqliteDocStore({
      path,
      synchronous: 'normal',
      writer: 'inline',
      checkpoints: 'inline',
    });
    const loaded = await store.load('r');
    expect(loaded.snapshotStateVector).toBeNull();
    expect(loaded.lastSeq).toBe(3);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, loaded.snapshot!);
    expect(rebuilt.getArray('log').toArray()).toEqual(['kept']);

    await store.compact('r', Y.encodeStateAsUpdate(rebuilt), 3, Y.encodeStateVector(rebuilt));
    expect((await store.load('r')).snapshotStateVector).toEqual(Y.encodeStateVector(rebuilt));
    await store.close();
  });
});
