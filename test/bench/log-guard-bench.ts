/**
 * Benchmark of the relay enforcing the handoff log's rules (not a test): prints figures, decides
 * nothing. Run from the root with `pnpm bench log-guard`.
 *
 * A month's log room (sync-server's `Room`, over an in-memory store) already holding 10,000
 * handoffs with two events each takes 1,000 updates as members send them: each a new handoff, or
 * an event on an existing one. The same updates go to a room with the log's rules enforced and to
 * one without, in alternating rounds of the same run; the figure is the room's CPU per 1,000
 * updates (storing in memory and applying; no sockets, no disk, which a relay adds to both sides),
 * and the ratio on ÷ off (goal ≤ 1.2×). Also timed: a device's full sync (its whole
 * month, delete set included) checked once, the rare update that takes the scratch copy.
 */
import { testHandoff } from '@pactline/shared/testing';
import * as Y from 'yjs';
import { Room, type RoomMember } from '../../sync-server/src/room.js';
import type { DocStore } from '../../sync-server/src/storage/doc-store.js';

const existing = 10_000;
const perRound = 1_000;
const rounds = 10;
/** Rounds run first and not counted, so both sides are measured with their code compiled. */
const warmupRounds = 2;

function memoryStore(): DocStore {
  const rooms = new Map<string, Uint8Array[]>();
  return {
    async load(room) {
      const updates = rooms.get(room) ?? [];
      return {
        snapshot: null,
        snapshotStateVector: null,
        snapshotSeq: 0,
        updates: [...updates],
        seqs: updates.map((_, i) => i + 1),
        lastSeq: updates.length,
      };
    },
    async append(room, update) {
      const updates = rooms.get(room) ?? [];
      updates.push(update);
      rooms.set(room, updates);
      return updates.length;
    },
    async compact(room, snapshot) {
      rooms.set(room, [snapshot]);
      return 1;
    },
    async close() {},
  };
}

/** A handoff Sam hands off: every update of the benchmark is written in its author's name. */
function entry(id: string, startedAtMs: number) {
  const { events: _events, ...handoff } = testHandoff(id, startedAtMs);
  return { ...handoff, fromUserId: 'sam' };
}

/** The month as stored: 10,000 handoffs, each accepted and touched. */
function month(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('schema').set('v1', true);
    for (let index = 0; index < existing; index++) {
      const id = `h${index}`;
      doc.getMap('handoffs').set(id, entry(id, 1_800_000_000_000 + index * 60_000));
      for (const type of ['accepted', 'first_touch'] as const)
        doc.getMap('events').set(`${id}-${type}`, {
          id: `${id}-${type}`,
          handoffId: id,
          type,
          atMs: 1_800_000_100_000 + index * 60_000,
          byUserId: 'sam',
        });
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

/** The members' devices: each keeps its document (and client id), as a browser tab does. */
const devices = Array.from({ length: 20 }, () => new Y.Doc());

/** Updates as members send them: each from one of the devices, a handoff or an event. */
function appends(round: number): Uint8Array[] {
  return Array.from({ length: perRound }, (_, index) => {
    const doc = devices[index % devices.length] as Y.Doc;
    const before = Y.encodeStateVector(doc);
    const id = `r${round}-${index}`;
    if (index % 2 === 0) doc.getMap('handoffs').set(id, entry(id, 1_800_900_000_000 + index));
    else
      doc.getMap('events').set(id, {
        id,
        handoffId: `h${index}`,
        type: 'rejected',
        reason: 'Not our territory',
        atMs: 1_800_900_000_000 + index,
        byUserId: 'sam',
      });
    return Y.encodeStateAsUpdate(doc, before);
  });
}

const member: RoomMember = { send: () => {}, fail: () => {}, userId: 'sam' };

async function roomWith(isAppendOnly: boolean, stored: Uint8Array, stampsReceipts = false): Promise<Room> {
  const store = memoryStore();
  await store.append('acme/handoffs/2026-12', stored);
  const room = new Room('acme/handoffs/2026-12', {
    store,
    log: () => {},
    compactAfterUpdates: 1_000_000,
    isAppendOnly,
    stampsReceipts,
    latestSchemaVersion: 1,
  });
  await room.load();
  room.add(member);
  return room;
}

/**
 * CPU microseconds to take `updates` into `room` (stored and applied), `inFlight` at a time: 1 as
 * members' messages usually arrive, or all at once as a burst waiting on one store commit.
 */
async function cpuFor(room: Room, updates: readonly Uint8Array[], inFlight: number): Promise<number> {
  const start = process.cpuUsage();
  let pending: Promise<void>[] = [];
  for (const update of updates) {
    const received = room.receiveUpdate(update, member);
    if (received.status !== 'stored') throw new Error(`update refused: ${JSON.stringify(received)}`);
    pending.push(received.applied);
    if (pending.length >= inFlight) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

const stored = month();
const on = await roomWith(true, stored);
const off = await roomWith(false, stored);
// The rules, plus what the relay writes after each batch: times of receipt and chain links.
const stamped = await roomWith(true, stored, true);
const perThousand = (micros: number) => micros / 1000 / ((rounds * perRound) / 1000);
for (const [label, inFlight] of [
  ['one at a time', 1],
  ['a burst of 1,000 waiting on one commit', perRound],
] as const) {
  const totals = { on: 0, off: 0, stamped: 0 };
  const rooms = { on, off, stamped };
  for (let round = -warmupRounds; round < rounds; round++) {
    const updates = appends(round + warmupRounds + (inFlight === 1 ? 0 : rounds + warmupRounds));
    // Rotate which goes first, so none always meets a warmer heap.
    const sides = ['on', 'off', 'stamped'] as const;
    const order = sides.map(
      (_, index) => sides[(index + round + warmupRounds) % sides.length] as (typeof sides)[number],
    );
    for (const side of order) {
      const micros = await cpuFor(rooms[side], updates, inFlight);
      if (round >= 0) totals[side] += micros;
    }
  }
  console.log(
    `room CPU per 1,000 log updates (${label}) into a month of ${existing.toLocaleString('en')} handoffs: rules on ${perThousand(totals.on).toFixed(1)} ms, off ${perThousand(totals.off).toFixed(1)} ms, ratio ${(totals.on / totals.off).toFixed(2)}× (goal ≤ 1.2×); with receipts and chain links ${perThousand(totals.stamped).toFixed(1)} ms, ${(totals.stamped / totals.off).toFixed(2)}× off`,
  );
}

// A device's full sync: everything it holds, delete set included (one entry it wrote twice).
const device = new Y.Doc();
Y.applyUpdate(device, Y.encodeStateAsUpdate(on.doc));
device.getMap('events').set('h1-accepted', device.getMap('events').get('h1-accepted'));
device.getMap('handoffs').set('late', entry('late', 1_801_000_000_000));
const full = Y.encodeStateAsUpdate(device);
const start = performance.now();
const received = on.receiveUpdate(full, member);
const elapsed = performance.now() - start;
console.log(
  `a device's full sync of the month (${(full.length / 1024 / 1024).toFixed(1)} MiB, scratch-copy check): ${elapsed.toFixed(0)} ms, ${received.status}`,
);
process.exit(0);
