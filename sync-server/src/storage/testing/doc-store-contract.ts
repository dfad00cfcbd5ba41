import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DocStore, StoreClosedError, type StoredDoc } from '../doc-store.js';

/**
 * The one suite every document store passes: the relay relies on nothing a store does beyond it.
 * A harness gives fresh, empty storage and opens stores on it; two stores open on the same storage
 * at once are two relays sharing it (or one relay and a tool), one opened after another closed is
 * a restart.
 */
export type StoreObserver = (operation: 'load' | 'append' | 'compact', seconds: number) => void;

export type DocStoreHarness = {
  fresh(): Promise<{ open(observe?: StoreObserver): Promise<DocStore> }>;
};

/** Updates that each push one number onto an array, made by one document (one Yjs client). */
function updatesOf(count: number, doc = new Y.Doc()): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  for (let i = 0; i < count; i++) doc.getArray('log').push([i]);
  doc.off('update', record);
  return updates;
}

function rebuild(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc();
  for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
    Y.applyUpdate(doc, part);
  return doc;
}

/** Compared as bytes: a deep equality walks an 8 MB array element by element. */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

const sortedNumbers = (values: number[]) => [...values].sort((a, b) => a - b);

export function describeDocStoreContract(engine: string, harness: DocStoreHarness): void {
  describe(`the document store contract on ${engine}`, () => {
    const opened: DocStore[] = [];
    const storage = async () => {
      const fresh = await harness.fresh();
      return {
        open: async (observe?: StoreObserver) => {
          const store = await fresh.open(observe);
          opened.push(store);
          return store;
        },
      };
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('gives an unknown room as empty', async () => {
      const store = await (await storage()).open();
      expect(await store.load('acme/agreement/none')).toEqual({
        snapshot: null,
        snapshotStateVector: null,
        snapshotSeq: 0,
        updates: [],
        seqs: [],
        lastSeq: 0,
      });
    });

    it('has an update stored once append resolves: another store on the same storage reads it, in order, per room', async () => {
      const shared = await storage();
      const writer = await shared.open();
      const updates = updatesOf(5);
      const seqs = await Promise.all(updates.map((update) => writer.append('acme/agreement/a', update)));
      const other = await writer.append('acme/agreement/b', updates[0]!);
      expect(sortedNumbers(seqs)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(5);

      // The writer is still open: what a second relay (or a restart after kill -9) reads is what
      // was acknowledged, without waiting for a close.
      const reader = await shared.open();
      const loaded = await reader.load('acme/agreement/a');
      expect(loaded).toMatchObject({ snapshot: null, snapshotSeq: 0, updates, seqs });
      expect(loaded.lastSeq).toBe(seqs[4]);
      expect(await reader.load('acme/agreement/b')).toMatchObject({ updates: [updates[0]], seqs: [other] });
      await writer.close();
      const restarted = await shared.open();
      expect((await restarted.load('acme/agreement/a')).updates).toEqual(updates);
    });

    it('compacts into a snapshot, keeps what was stored after it, and a cold load rebuilds the whole document', async () => {
      const shared = await storage();
      const store = await shared.open();
      const updates = updatesOf(6);
      const seqs: number[] = [];
      for (const update of updates) seqs.push(await store.append('r', update));
      const doc = new Y.Doc();
      for (const update of updates.slice(0, 4)) Y.applyUpdate(doc, update);
      const throughSeq = await store.compact('r', Y.encodeStateAsUpdate(doc), {
        throughSeq: seqs[3]!,
        seqs: seqs.slice(0, 4),
        snapshotSeq: 0,
        stateVector: Y.encodeStateVector(doc),
      });
      expect(throughSeq).toBe(seqs[3]);

      const cold = await (await shared.open()).load('r');
      expect(cold).toMatchObject({
        snapshotSeq: seqs[3],
        snapshotStateVector: Y.encodeStateVector(doc),
        updates: updates.slice(4),
        seqs: seqs.slice(4),
        lastSeq: seqs[5],
      });
      const rebuilt = rebuild(cold);
      expect(rebuilt.getArray('log').toArray()).toEqual([0, 1, 2, 3, 4, 5]);

      await store.compact('r', Y.encodeStateAsUpdate(rebuilt), {
        throughSeq: seqs[5]!,
        seqs: cold.seqs,
        snapshotSeq: cold.snapshotSeq,
      });
      const again = await store.load('r');
      expect(again).toMatchObject({ updates: [], seqs: [], snapshotSeq: seqs[5], lastSeq: seqs[5] });
      expect(again.snapshotStateVector).toBeNull();
      expect(rebuild(again).getArray('log').toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('never drops, when compacting, what another writer stored that the compacting one had not seen', async () => {
      const shared = await storage();
      const [one, two] = [await shared.open(), await shared.open()];
      const ours = updatesOf(4, new Y.Doc());
      const theirs = updatesOf(2, new Y.Doc());
      const seqsOne = [await one.append('r', ours[0]!), await one.append('r', ours[1]!)];
      const seqsTwo = [await two.append('r', theirs[0]!)];
      seqsOne.push(await one.append('r', ours[2]!), await one.append('r', ours[3]!));
      seqsTwo.push(await two.append('r', theirs[1]!));

      // One compacts through its last update with only its own updates in its snapshot.
      const docOne = new Y.Doc();
      for (const update of ours) Y.applyUpdate(docOne, update);
      await one.compact('r', Y.encodeStateAsUpdate(docOne), {
        throughSeq: seqsOne[3]!,
        seqs: seqsOne,
        snapshotSeq: 0,
        stateVector: Y.encodeStateVector(docOne),
      });
      const afterOne = await (await shared.open()).load('r');
      expect(afterOne.updates).toEqual(theirs.slice(1));
      expect(sortedNumbers(rebuild(afterOne).getArray<number>('log').toArray())).toEqual([0, 0, 1, 1, 2, 3]);
      // The stored state vector is the merged snapshot's, not the caller's.
      expect(afterOne.snapshotStateVector).toEqual(
        Y.encodeStateVector(rebuild({ ...afterOne, updates: [] })),
      );

      // Two compacts on the empty snapshot it started from: the snapshot one stored is merged in.
      const docTwo = new Y.Doc();
      for (const update of theirs) Y.applyUpdate(docTwo, update);
      await two.compact('r', Y.encodeStateAsUpdate(docTwo), {
        throughSeq: seqsTwo[1]!,
        seqs: seqsTwo,
        snapshotSeq: 0,
      });
      const final = await (await shared.open()).load('r');
      expect(final).toMatchObject({ updates: [], lastSeq: Math.max(...seqsOne, ...seqsTwo) });
      expect(sortedNumbers(rebuild(final).getArray<number>('log').toArray())).toEqual([0, 0, 1, 1, 2, 3]);
    });

    it('leaves stored a stored update that is not a Yjs update rather than failing or dropping it', async () => {
      const shared = await storage();
      const store = await shared.open();
      const updates = updatesOf(2);
      const good = await store.append('r', updates[0]!);
      const garbage = await store.append('r', new Uint8Array([0xff, 0xfe, 0x01, 0x02, 0x03]));
      const later = await store.append('r', updates[1]!);
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      // The caller never saw the garbage (the relay skips what does not apply).
      await store.compact('r', Y.encodeStateAsUpdate(doc), {
        throughSeq: later,
        seqs: [good, later],
        snapshotSeq: 0,
      });
      const loaded = await store.load('r');
      expect(loaded.seqs).toEqual([garbage]);
      expect(loaded.updates).toEqual([new Uint8Array([0xff, 0xfe, 0x01, 0x02, 0x03])]);
      expect(
        rebuild({ ...loaded, updates: [] })
          .getArray('log')
          .toArray(),
      ).toEqual([0, 1]);
    });

    it('writes the appends made in one turn together and refuses work once closed', async () => {
      const operations: string[] = [];
      const store = await (await storage()).open((operation) => operations.push(operation));
      const seqs = await Promise.all(updatesOf(50).map((update) => store.append('r', update)));
      expect(operations.filter((operation) => operation === 'append')).toHaveLength(1);
      expect(sortedNumbers(seqs)).toEqual(seqs);
      await store.load('r');
      expect(operations).toContain('load');
      await store.close();
      await expect(store.append('r', new Uint8Array([0, 0]))).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.load('r')).rejects.toBeInstanceOf(StoreClosedError);
      await expect(
        store.compact('r', new Uint8Array([0, 0]), { throughSeq: 1, seqs: [], snapshotSeq: 0 }),
      ).rejects.toBeInstanceOf(StoreClosedError);
    });

    it('stores and loads large documents whole: an 8 MB update and a 16 MB snapshot', async () => {
      const shared = await storage();
      const store = await shared.open();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      const bytes = (size: number, seed: number) => {
        const filled = new Uint8Array(size);
        for (let i = 0; i < size; i++) filled[i] = (i * seed) % 251;
        return filled;
      };
      doc.getMap('files').set('a', bytes(8 * 1024 * 1024, 7));
      doc.getMap('files').set('b', bytes(8 * 1024 * 1024, 13));
      const seqs = [await store.append('big', updates[0]!), await store.append('big', updates[1]!)];
      const loaded = await (await shared.open()).load('big');
      expect(loaded.updates.map((update) => update.length)).toEqual(updates.map((update) => update.length));
      expect(loaded.updates.every((update, i) => sameBytes(update, updates[i]!))).toBe(true);

      const snapshot = Y.encodeStateAsUpdate(doc);
      expect(snapshot.length).toBeGreaterThan(16 * 1024 * 1024);
      await store.compact('big', snapshot, { throughSeq: seqs[1]!, seqs, snapshotSeq: 0 });
      const cold = await (await shared.open()).load('big');
      expect(sameBytes(cold.snapshot!, snapshot)).toBe(true);
      const file = rebuild(cold).getMap('files').get('b') as Uint8Array;
      expect(sameBytes(file, bytes(8 * 1024 * 1024, 13))).toBe(true);
    });

    it('keeps many rooms written at once apart, each in its own order', async () => {
      const shared = await storage();
      const store = await shared.open();
      const rooms = Array.from({ length: 25 }, (_, i) => ({
        name: `acme/handoffs/2026-${i}`,
        updates: updatesOf(40),
      }));
      const pending = rooms.map((room) => ({ room, seqs: [] as Promise<number>[] }));
      for (let i = 0; i < 40; i++)
        for (const { room, seqs } of pending) seqs.push(store.append(room.name, room.updates[i]!));
      const reader = await shared.open();
      for (const { room, seqs } of pending) {
        const settled = await Promise.all(seqs);
        expect(sortedNumbers(settled)).toEqual(settled);
        const loaded = await reader.load(room.name);
        expect(loaded.updates).toEqual(room.updates);
        expect(loaded.seqs).toEqual(settled);
      }
    });
  });
}
