import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PeerUpdate } from './fanout/redis-fanout.js';
import { silentLog } from './log.js';
import { parseClientMessage } from './protocol.js';
import { Room, type RoomFanoutLink, type RoomMember } from './room.js';
import type { DocStore } from './storage/doc-store.js';

/**
 * A room shared with other relays (the fan-out itself is tested against Redis in
 * `fanout/redis-fanout.test.ts`): what another relay stored is applied here without being stored
 * again, what this relay stores is published, a log's stamps are written by the relay holding
 * them only, and a catch-up reads from the store what never arrived.
 */

/** One store several relays write: rows in order of their sequence numbers. */
function sharedStore() {
  const rows: { seq: number; update: Uint8Array }[] = [];
  let appends = 0;
  let loads = 0;
  const add = (update: Uint8Array) => {
    const seq = (rows[rows.length - 1]?.seq ?? 0) + 1;
    rows.push({ seq, update });
    return seq;
  };
  const store: DocStore = {
    load: async () => {
      loads++;
      return {
        snapshot: null,
        snapshotStateVector: null,
        snapshotSeq: 0,
        updates: rows.map((row) => row.update),
        seqs: rows.map((row) => row.seq),
        lastSeq: rows[rows.length - 1]?.seq ?? 0,
      };
    },
    append: async (_room, update) => {
      appends++;
      return add(update);
    },
    compact: async (_room, _snapshot, { throughSeq }) => throughSeq,
    close: async () => {},
  };
  return {
    store,
    /** Another relay's write: stored, not sent to this one. */
    storedElsewhere: add,
    counts: () => ({ appends, loads }),
  };
}

function fanoutLink(holds = true) {
  const published: PeerUpdate[] = [];
  const presence: Uint8Array[] = [];
  const link: RoomFanoutLink & { published: PeerUpdate[]; presence: Uint8Array[]; holds: boolean } = {
    published,
    presence,
    holds,
    publish: (peer) => published.push(peer),
    publishAwareness: (update) => presence.push(update),
    holdsStamps: () => link.holds,
  };
  return link;
}

function member(extra: Partial<RoomMember> = {}): RoomMember & { received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  return { received, send: (message) => received.push(message), fail: () => {}, ...extra };
}

function edit(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a room shared with other relays', () => {
  it('applies another relay’s update for its members without storing it again, and publishes its own', async () => {
    const { store, counts } = sharedStore();
    const fanout = fanoutLink();
    const room = new Room('acme/agreement/sla', { store, log: silentLog, compactAfterUpdates: 100, fanout });
    await room.load();
    const reader = member();
    room.add(reader);

    room.receivePeer({ update: edit((doc) => doc.getMap('rules').set('hot', 15)), seq: 7, isHistory: false });
    expect(room.doc.getMap('rules').get('hot')).toBe(15);
    expect(reader.received.map((message) => parseClientMessage(message).type)).toEqual(['update']);
    expect(counts().appends).toBe(0);
    expect(fanout.published).toEqual([]);
    // The same update again (a load and the channel both brought it): nothing happens.
    room.receivePeer({ update: edit((doc) => doc.getMap('rules').set('hot', 15)), seq: 7, isHistory: false });
    expect(reader.received).toHaveLength(1);

    const own = edit((doc) => doc.getMap('rules').set('warm', 60));
    const sent = room.receiveUpdate(own, member({ userId: 'sam' }));
    expect(sent.status).toBe('stored');
    await settle();
    expect(fanout.published).toEqual([{ update: own, seq: 1, isHistory: false }]);
    const history = edit((doc) => doc.getMap('rules').set('cold', 240));
    room.receiveUpdate(history, member({ userId: 'importer', isRelay: true }));
    await settle();
    expect(fanout.published[1]).toEqual({ update: history, seq: 2, isHistory: true });
  });

  it('applies what another relay sent while the room was loading once it has loaded', async () => {
    const { store } = sharedStore();
    const room = new Room('acme/agreement/sla', {
      store,
      log: silentLog,
      compactAfterUpdates: 100,
      fanout: fanoutLink(),
    });
    room.receivePeer({ update: edit((doc) => doc.getMap('rules').set('hot', 15)), seq: 3, isHistory: false });
    expect(room.doc.getMap('rules').size).toBe(0);
    await room.load();
    expect(room.doc.getMap('rules').get('hot')).toBe(15);
  });

  it('catches up from the store with what another relay stored and this one never received', async () => {
    const { store, storedElsewhere } = sharedStore();
    const room = new Room('acme/agreement/sla', {
      store,
      log: silentLog,
      compactAfterUpdates: 100,
      fanout: fanoutLink(),
    });
    await room.load();
    const reader = member();
    room.add(reader);
    storedElsewhere(edit((doc) => doc.getMap('rules').set('hot', 15)));
    storedElsewhere(edit((doc) => doc.getMap('rules').set('warm', 60)));
    await room.catchUp();
    expect(room.doc.getMap('rules').toJSON()).toEqual({ hot: 15, warm: 60 });
    // Sent to the members as one update.
    expect(reader.received).toHaveLength(1);
  });

  it('shows another relay’s presence to its members without sending it back, and lets no member speak for it', async () => {
    const { store } = sharedStore();
    const fanout = fanoutLink();
    const room = new Room('acme/agreement/sla', { store, log: silentLog, compactAfterUpdates: 100, fanout });
    await room.load();
    const reader = member();
    room.add(reader);
    const elsewhere = new awarenessProtocol.Awareness(new Y.Doc());
    elsewhere.setLocalState({ user: { name: 'Alex' } });
    const alexId = elsewhere.clientID;
    room.receivePeerAwareness(awarenessProtocol.encodeAwarenessUpdate(elsewhere, [alexId]));
    expect(room.awareness.getStates().get(alexId)).toEqual({ user: { name: 'Alex' } });
    expect(reader.received.map((message) => parseClientMessage(message).type)).toEqual(['awareness']);
    expect(fanout.presence).toEqual([]);
    // What was tried: a member here setting Alex's presence (a name of its choosing).
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = alexId;
    forged.setLocalState({ user: { name: 'Not Alex' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(forged, [alexId]);
    expect(room.applyAwareness(update, [alexId], member())).toBe('not_owner');
    expect(room.awareness.getStates().get(alexId)).toEqual({ user: { name: 'Alex' } });
    // And the other way: another relay sending a presence for a client whose presence a member
    // here holds (that relay let a forgery through before it heard of it) changes nothing.
    const samDevice = new awarenessProtocol.Awareness(new Y.Doc());
    samDevice.setLocalState({ user: { name: 'Sam' } });
    const sam = member();
    room.add(sam);
    const samUpdate = awarenessProtocol.encodeAwarenessUpdate(samDevice, [samDevice.clientID]);
    expect(room.applyAwareness(samUpdate, [samDevice.clientID], sam)).toBe('applied');
    const forgedSam = new awarenessProtocol.Awareness(new Y.Doc());
    forgedSam.clientID = samDevice.clientID;
    forgedSam.setLocalState({ user: { name: 'Not Sam' } });
    forgedSam.setLocalState({ user: { name: 'Not Sam either' } });
    room.receivePeerAwareness(awarenessProtocol.encodeAwarenessUpdate(forgedSam, [samDevice.clientID]));
    expect(room.awareness.getStates().get(samDevice.clientID)).toEqual({ user: { name: 'Sam' } });
    for (const awareness of [elsewhere, forged, samDevice, forgedSam]) awareness.destroy();
  });

  it('tells the other relays its members’ presence, their removal when they leave, and all of it when asked', async () => {
    const { store } = sharedStore();
    const fanout = fanoutLink();
    const room = new Room('acme/agreement/sla', { store, log: silentLog, compactAfterUpdates: 100, fanout });
    await room.load();
    const sam = member();
    room.add(sam);
    const device = new awarenessProtocol.Awareness(new Y.Doc());
    device.setLocalState({ user: { name: 'Sam' } });
    const samId = device.clientID;
    expect(room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(device, [samId]), [samId], sam)).toBe(
      'applied',
    );
    expect(fanout.presence).toHaveLength(1);
    const elsewhere = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(elsewhere, fanout.presence[0] as Uint8Array, null);
    expect(elsewhere.getStates().get(samId)).toEqual({ user: { name: 'Sam' } });
    room.sendAwarenessToPeers();
    expect(fanout.presence).toHaveLength(2);
    room.remove(sam);
    expect(fanout.presence).toHaveLength(3);
    awarenessProtocol.applyAwarenessUpdate(elsewhere, fanout.presence[2] as Uint8Array, null);
    expect(elsewhere.getStates().has(samId)).toBe(false);
    device.destroy();
    elsewhere.destroy();
  });

  it('leaves a log’s stamps to the relay holding them, and links what is unlinked when it takes them over', async () => {
    const { store, counts } = sharedStore();
    const fanout = fanoutLink(false);
    const room = new Room('acme/handoffs/2027-01', {
      store,
      log: silentLog,
      compactAfterUpdates: 100,
      isAppendOnly: true,
      stampsReceipts: true,
      fanout,
    });
    await room.load();
    const { events: _events, ...handoff } = testHandoff('h1', 1_800_000_000_000);
    room.receiveUpdate(
      edit((doc) => doc.getMap('handoffs').set('h1', handoff)),
      member({ userId: handoff.fromUserId }),
    );
    await settle();
    await settle();
    // Another relay holds the stamps: nothing but the entry is stored here.
    expect(counts().appends).toBe(1);
    expect(room.doc.getMap('chain').size).toBe(0);

    fanout.holds = true;
    const loadsBefore = counts().loads;
    await room.takeOverStamps();
    await settle();
    await settle();
    // It read the store first (the previous holder's last links may be there), then linked h1.
    expect(counts().loads).toBe(loadsBefore + 1);
    expect(counts().appends).toBe(2);
    expect(room.doc.getMap('chain').get('handoffs/h1')).toMatchObject({ seq: 1, prev: '' });
  });
});
