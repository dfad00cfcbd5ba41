import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteDocStore } from './sqlite-doc-store.js';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'pactline-store-')), 'relay.sqlite');

function updatesOf(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getArray('log').push([i]);
  return updates;
}

// What every store does is in `testing/doc-store-contract.ts`; this is what only a file has.
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

    await store.compact('r', Y.encodeStateAsUpdate(rebuilt), {
      throughSeq: 3,
      seqs: [],
      snapshotSeq: loaded.snapshotSeq,
      stateVector: Y.encodeStateVector(rebuilt),
    });
    expect((await store.load('r')).snapshotStateVector).toEqual(Y.encodeStateVector(rebuilt));
    await store.close();
  });
});
