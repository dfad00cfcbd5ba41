import { createHash } from 'node:crypto';
import { verifyHandoffLog } from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLog } from './log.js';
import { parseClientMessage } from './protocol.js';
import { Room, type RoomMember } from './room.js';
import type { DocStore, StoredDoc } from './storage/doc-store.js';
import { emptyStoredDoc } from './storage/testing/stored-doc.js';

/** A store whose appends complete only when the test says so. */
function heldStore() {
  const held: { update: Uint8Array; resolve: (seq: number) => void; reject: (error: Error) => void }[] = [];
  let seq = 0;
  const store: DocStore = {
    load: async (): Promise<StoredDoc> => emptyStoredDoc,
    append: (_room, update) => new Promise((resolve, reject) => held.push({ update, resolve, reject })),
    compact: async (_room, _snapshot, { throughSeq }) => throughSeq,
    close: async () => {},
  };
  const release = () => {
    for (const item of held.splice(0)) item.resolve(++seq);
  };
  return { store, held, release };
}

function recordingMember(): RoomMember & { received: Uint8Array[]; failures: string[] } {
  const received: Uint8Array[] = [];
  const failures: string[] = [];
  return {
    received,
    failures,
    send: (message) => received.push(message),
    fail: (reason) => failures.push(reason),
  };
}

function anUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('rules').set('hot', 15);
  return Y.encodeStateAsUpdate(doc);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Room', () => {
  it('relays an update to the other members only after the store has it', async () => {
    const { store, held, release } = heldStore();
    const room = new Room('acme/agreement/a', { store, log: silentLog, compactAfterUpdates: 100 });
    await room.load();
    const sender = recordingMember();
    const other = recordingMember();
    room.add(sender);
    room.add(other);

    expect(room.receiveUpdate(anUpdate(), sender).status).toBe('stored');
    await settle();
    expect(held).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    expect(room.doc.getMap('rules').has('hot')).toBe(false);

    release();
    await settle();
    expect(room.doc.getMap('rules').get('hot')).toBe(15);
    expect(other.received.map((message) => parseClientMessage(message).type)).toEqual(['update']);
    expect(sender.received).toHaveLength(0);
  });

  it('stores nothing for empty or undecodable updates', async () => {
    const { store, held } = heldStore();
    const room = new Room('acme/agreement/a', { store, log: silentLog, compactAfterUpdates: 100 });
    await room.load();
    const sender = recordingMember();
    room.add(sender);
    expect(room.receiveUpdate(Y.encodeStateAsUpdate(new Y.Doc()), sender).status).toBe('empty');
    expect(room.receiveUpdate(new Uint8Array([1, 200, 7]), sender).status).toBe('malformed');
    expect(held).toHaveLength(0);
  });

  it('tells the sender and relays nothing when the store refuses an update', async () => {
    const { store, held } = heldStore();
    const room = new Room('acme/agreement/a', { store, log: silentLog, compactAfterUpdates: 100 });
    await room.load();
    const sender = recordingMember();
    const other = recordingMember();
    room.add(sender);
    room.add(other);
    room.receiveUpdate(anUpdate(), sender);
    for (const item of held.splice(0)) item.reject(new Error('disk full'));
    await settle();
    expect(sender.failures).toEqual(['could not store the update']);
    expect(other.received).toHaveLength(0);
    expect(room.doc.getMap('rules').has('hot')).toBe(false);
  });

  it('answers a first sync of a room loaded from a snapshot with the stored bytes, building the document only when an update comes', async () => {
    const source = new Y.Doc();
    source.getArray('entries').push(['h1', 'h2', 'h3']);
    const snapshot = Y.encodeStateAsUpdate(source);
    const { store, release } = heldStore();
    store.load = async () => ({
      snapshot,
      snapshotStateVector: Y.encodeStateVector(source),
      snapshotSeq: 7,
      updates: [],
      seqs: [],
      lastSeq: 7,
    });
    const room = new Room('acme/handoffs/2026-11', { store, log: silentLog, compactAfterUpdates: 100 });
    await room.load();
    const member = recordingMember();
    room.add(member);

    expect(room.stateVector()).toEqual(Y.encodeStateVector(source));
    expect(room.missingFor(Y.encodeStateVector(new Y.Doc()))).toBe(snapshot);
    expect(room.doc.store.clients.size).toBe(0);

    // A client that already holds part of the document gets only the rest, from the built document.
    const partial = new Y.Doc();
    Y.applyUpdate(partial, snapshot);
    const rest = room.missingFor(Y.encodeStateVector(partial));
    expect(room.doc.getArray('entries').toArray()).toEqual(['h1', 'h2', 'h3']);
    expect(Y.decodeUpdate(rest).structs).toHaveLength(0);
    expect(member.received).toHaveLength(0);

    const writer = new Y.Doc();
    Y.applyUpdate(writer, snapshot);
    let update: Uint8Array = new Uint8Array();
    writer.on('update', (u: Uint8Array) => {
      update = u;
    });
    writer.getArray('entries').push(['h4']);
    room.receiveUpdate(update, recordingMember());
    await settle();
    release();
    await settle();
    expect(room.doc.getArray('entries').toArray()).toEqual(['h1', 'h2', 'h3', 'h4']);
    // Changed since it was loaded: a first sync now comes from the document, with the new entry.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, room.missingFor(Y.encodeStateVector(new Y.Doc())));
    expect(fresh.getArray('entries').toArray()).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(member.received.map((message) => parseClientMessage(message).type)).toEqual(['update']);
  });

  it('compacts at a random point between compactAfterUpdates and half as many again, drawn afresh each time', async () => {
    const draws = [0, 0.99, 0.5];
    const compactedAt: number[] = [];
    const { store, release } = heldStore();
    store.compact = async (_room, _snapshot, { throughSeq }) => {
      compactedAt.push(throughSeq);
      return throughSeq;
    };
    const room = new Room('acme/agreement/a', {
      store,
      log: silentLog,
      compactAfterUpdates: 10,
      random: () => draws.shift() ?? 0,
    });
    await room.load();
    const sender = recordingMember();
    room.add(sender);
    const writer = new Y.Doc();
    writer.on('update', (update: Uint8Array) => room.receiveUpdate(update, sender));
    for (let i = 0; i < 40; i++) {
      writer.getMap('rules').set(`rule-${i}`, i);
      release();
      // One turn to apply the update, one for a compaction it made due.
      await settle();
      await settle();
    }
    // Points 10 (draw 0), 14 (draw 0.99 of 5 more) and 12 (draw 0.5): through updates 10, 24, 36.
    expect(compactedAt).toEqual([10, 24, 36]);
  });

  it('judges a log update against the appends still being stored, and forgets them once applied', async () => {
    const { store, release } = heldStore();
    const room = new Room('acme/handoffs/2026-12', {
      store,
      log: silentLog,
      compactAfterUpdates: 100,
      isAppendOnly: true,
    });
    await room.load();
    // testHandoff's handoffs are the marketer's: the sender writes in their own name.
    const sender: RoomMember = { ...recordingMember(), userId: 'marketer' };
    room.add(sender);
    const device = new Y.Doc();
    const write = (edit: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(device);
      edit(device);
      return Y.encodeStateAsUpdate(device, before);
    };
    const { events: _events, ...handoff } = testHandoff('h1', 1_800_000_000_000);
    expect(
      room.receiveUpdate(
        write((doc) => doc.getMap('handoffs').set('h1', handoff)),
        sender,
      ).status,
    ).toBe('stored');
    // While h1 waits on the store, another write of h1 (changed) and its removal are refused.
    const changed = write((doc) => doc.getMap('handoffs').set('h1', { ...handoff, startedAtMs: 1 }));
    expect(room.receiveUpdate(changed, sender)).toMatchObject({
      status: 'forbidden',
      breach: 'entry_changed',
    });
    release();
    await settle();
    expect(room.doc.getMap('handoffs').get('h1')).toEqual(handoff);
    // Applied now: an append of h2 goes through the screen, and removing h1 is still refused.
    const { events: _more, ...second } = testHandoff('h2', 1_800_000_060_000);
    const fresh = new Y.Doc();
    fresh.getMap('handoffs').set('h2', second);
    expect(room.receiveUpdate(Y.encodeStateAsUpdate(fresh), sender).status).toBe('stored');
    const removal = new Y.Doc();
    Y.applyUpdate(removal, Y.encodeStateAsUpdate(room.doc));
    const vector = Y.encodeStateVector(removal);
    removal.getMap('handoffs').delete('h1');
    expect(room.receiveUpdate(Y.encodeStateAsUpdate(removal, vector), sender)).toMatchObject({
      status: 'forbidden',
      breach: 'entry_removed',
    });
  });

  it('stamps each new log entry with the time it was received, stored before anyone sees it, once', async () => {
    const { store, held, release } = heldStore();
    let nowMs = 1_800_000_100_000;
    const room = new Room('acme/handoffs/2027-01', {
      store,
      log: silentLog,
      compactAfterUpdates: 100,
      isAppendOnly: true,
      stampsReceipts: true,
      nowMs: () => nowMs,
    });
    await room.load();
    const sender: RoomMember = { ...recordingMember(), userId: 'marketer' };
    const reader = recordingMember();
    room.add(sender);
    room.add(reader);
    const device = new Y.Doc();
    const write = (edit: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(device);
      edit(device);
      return Y.encodeStateAsUpdate(device, before);
    };
    const { events: _events, ...handoff } = testHandoff('h1', 1_800_000_000_000);
    const appended = write((doc) => doc.getMap('handoffs').set('h1', handoff));
    expect(room.receiveUpdate(appended, sender).status).toBe('stored');
    release();
    await settle();
    // Applied, and the stamp is written: it waits on the store like any write, unseen until stored.
    expect(room.doc.getMap('handoffs').has('h1')).toBe(true);
    expect(room.doc.getMap('received').size).toBe(0);
    expect(held).toHaveLength(1);
    nowMs += 5_000;
    release();
    await settle();
    expect(room.doc.getMap('received').toJSON()).toEqual({ 'handoffs/h1': 1_800_000_100_000 });
    // The reader received the entry, then its stamp: two messages, nothing more.
    expect(reader.received).toHaveLength(2);
    // An identical retry of h1 is stamped no second time.
    expect(
      room.receiveUpdate(
        write((doc) => doc.getMap('handoffs').set('h1', { ...handoff })),
        sender,
      ).status,
    ).toBe('stored');
    release();
    await settle();
    expect(held).toHaveLength(0);
    expect(room.doc.getMap('received').get('handoffs/h1')).toBe(1_800_000_100_000);
    // A member writing a time of receipt, or an entry carrying one, is refused.
    const forged = write((doc) => doc.getMap('received').set('handoffs/h1', 1));
    expect(room.receiveUpdate(forged, sender)).toMatchObject({ status: 'forbidden', breach: 'not_in_log' });
    const carrying = write((doc) =>
      doc
        .getMap('handoffs')
        .set('h2', { ...testHandoff('h2', 1_800_000_000_000), events: undefined, receivedAtMs: 1 }),
    );
    expect(room.receiveUpdate(carrying, sender)).toMatchObject({
      status: 'forbidden',
      breach: 'entry_invalid',
    });
    // So is a link of the chain written by a member (from a device whose history the relay holds).
    const fresh = (edit: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(doc);
      edit(doc);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const linked = fresh((doc) =>
      doc.getMap('chain').set('handoffs/h9', { seq: 9, hash: '0'.repeat(64), atMs: 1 }),
    );
    expect(room.receiveUpdate(linked, sender)).toMatchObject({ status: 'forbidden', breach: 'not_in_log' });
    // History the operator seeds with a relay token was sent by no member: linked in the chain,
    // its time of receipt unknown.
    const seeder: RoomMember = { ...recordingMember(), userId: 'pactline-setup', isRelay: true };
    const history = new Y.Doc();
    history.getMap('handoffs').set('h0', entryOf('h0'));
    expect(room.receiveUpdate(Y.encodeStateAsUpdate(history), seeder).status).toBe('stored');
    release();
    await settle();
    expect(held).toHaveLength(1);
    release();
    await settle();
    expect(room.doc.getMap('received').has('handoffs/h0')).toBe(false);
    expect(room.doc.getMap('chain').toJSON()).toMatchObject({
      'handoffs/h1': { seq: 1, atMs: 1_800_000_100_000 },
      'handoffs/h0': { seq: 2, atMs: 1_800_000_105_000 },
    });
    expect(await verifyHandoffLog(room.doc, sha256Hex)).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 2, unlinked: 0, breaks: [] } },
    });
  });

  it('links entries a month held before the chain the first time it is written to, and keeps the chain across loads', async () => {
    // A month stored before the relay kept a chain: two handoffs, no links.
    const stored = new Y.Doc();
    stored.getMap('handoffs').set('h1', entryOf('h1'));
    stored.getMap('handoffs').set('h2', entryOf('h2'));
    const store = memoryStore(Y.encodeStateAsUpdate(stored));
    const open = async () => {
      const room = new Room('acme/handoffs/2027-01', {
        store,
        log: silentLog,
        compactAfterUpdates: 100,
        isAppendOnly: true,
        stampsReceipts: true,
        nowMs: () => 1_800_000_200_000,
      });
      await room.load();
      return room;
    };
    const first = await open();
    expect(await verifyHandoffLog(first.builtDoc(), sha256Hex)).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 0, unlinked: 2, chainedSinceMs: null } },
    });
    const marketer: RoomMember = { ...recordingMember(), userId: 'marketer' };
    const appendOf = (doc: Y.Doc, id: string) => {
      const device = new Y.Doc();
      Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(device);
      device.getMap('handoffs').set(id, entryOf(id));
      return Y.encodeStateAsUpdate(device, before);
    };
    expect(first.receiveUpdate(appendOf(first.doc, 'h3'), marketer).status).toBe('stored');
    await settle();
    await settle();
    const links = first.doc.getMap('chain').toJSON();
    // The old entries are linked first, then the new one.
    expect(Object.entries(links).map(([key, link]) => [key, (link as { seq: number }).seq])).toEqual(
      expect.arrayContaining([
        ['handoffs/h1', 1],
        ['handoffs/h2', 2],
        ['handoffs/h3', 3],
      ]),
    );
    await first.unload();
    // Loaded again: the chain goes on from its tail.
    const second = await open();
    expect(second.receiveUpdate(appendOf(second.builtDoc(), 'h4'), marketer).status).toBe('stored');
    await settle();
    await settle();
    expect((second.doc.getMap('chain').get('handoffs/h4') as { seq: number }).seq).toBe(4);
    expect(await verifyHandoffLog(second.doc, sha256Hex)).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 4, unlinked: 0, chainedSinceMs: 1_800_000_200_000 } },
    });
  });
});

/** A handoff entry as the log stores it, the marketer's. */
function entryOf(id: string) {
  const { events: _events, ...handoff } = testHandoff(id, 1_800_000_000_000);
  return handoff;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A store in memory that keeps what it is given, starting from `initial`. */
function memoryStore(initial: Uint8Array): DocStore {
  let snapshot: Uint8Array | null = initial;
  let updates: { seq: number; update: Uint8Array }[] = [];
  let seq = 0;
  return {
    load: async () => ({
      snapshot,
      snapshotStateVector: null,
      snapshotSeq: 0,
      updates: updates.map((stored) => stored.update),
      seqs: updates.map((stored) => stored.seq),
      lastSeq: seq,
    }),
    append: async (_room, update) => {
      updates.push({ seq: ++seq, update });
      return seq;
    },
    compact: async (_room, merged, { throughSeq }) => {
      snapshot = merged;
      updates = updates.filter((stored) => stored.seq > throughSeq);
      return throughSeq;
    },
    close: async () => {},
  };
}
