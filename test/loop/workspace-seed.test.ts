import { readAgreement, readDirectory, readHandoffLog } from '@pactline/shared/doc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { demoSeed } from '../../scripts/demo/demo-workspace.js';
import { type RoomWriter, relayWriter, writeWorkspaceSeed } from '../../scripts/seed/workspace-seed.js';

/** Rooms as bare documents, with the order they were written in. */
function memoryRooms() {
  const docs = new Map<string, Y.Doc>();
  const order: string[] = [];
  /** Who wrote each room write (the relay takes a signature only from its signer). */
  const writers: (string | typeof relayWriter | undefined)[] = [];
  const withRoom: RoomWriter = async (room, body, as) => {
    order.push(room);
    writers.push(as);
    let doc = docs.get(room);
    if (doc === undefined) {
      doc = new Y.Doc();
      docs.set(room, doc);
    }
    return body(doc);
  };
  return { docs, order, writers, withRoom };
}

describe('the workspace seed builder', () => {
  const nowMs = Date.UTC(2026, 11, 6, 15);
  const seed = demoSeed(nowMs, 'http://127.0.0.1:5999');

  it('writes the agreement, the months of the log, then the directory that lists them', async () => {
    const rooms = memoryRooms();
    await writeWorkspaceSeed(seed, rooms.withRoom);
    expect(rooms.order[0]).toBe('demo/agreement/marketing-sdr-ae');
    expect(rooms.order.at(-1)).toBe('demo/directory');
    const agreement = readAgreement(rooms.docs.get('demo/agreement/marketing-sdr-ae') as Y.Doc).agreement;
    expect(agreement?.status).toBe('active');
    // Each signature was written as its signer, the log as the relay, the rest as the seeding admin.
    const signers = seed.agreement.signers ?? [];
    expect(agreement?.signatures.map((signature) => signature.userId).sort()).toEqual(
      signers.map((signer) => signer.userId).sort(),
    );
    expect(rooms.writers.filter((as) => typeof as === 'string')).toEqual(
      signers.map((signer) => signer.userId),
    );
    expect(
      rooms.order.filter(
        (room, index) => room.includes('/handoffs/') !== (rooms.writers[index] === relayWriter),
      ),
    ).toEqual([]);
    expect(agreement?.terms.calendars[0]?.name).toBe('Demo: around the clock');
    const directory = readDirectory(rooms.docs.get('demo/directory') as Y.Doc);
    expect(directory.agreements.map((entry) => entry.id)).toEqual(['marketing-sdr-ae']);
    expect(directory.members.map((member) => member.userId).sort()).toEqual(
      seed.members.map((member) => member.userId).sort(),
    );
    const logged = rooms.order
      .filter((room) => room.includes('/handoffs/'))
      .flatMap((room) => readHandoffLog(rooms.docs.get(room) as Y.Doc).handoffs);
    expect(logged.map((handoff) => handoff.id).sort()).toEqual(
      seed.handoffs.map((handoff) => handoff.id).sort(),
    );
    // The calls and emails go to the logs of the months they happened in, each month visited once.
    const logRooms = rooms.order.filter((room) => room.includes('/handoffs/'));
    expect(new Set(logRooms).size).toBe(logRooms.length);
    const activities = logRooms.flatMap((room) => readHandoffLog(rooms.docs.get(room) as Y.Doc).activities);
    expect(activities.map((activity) => activity.id).sort()).toEqual(
      (seed.activities ?? []).map((activity) => activity.id).sort(),
    );
    expect(activities.length).toBeGreaterThan(0);
  });

  it('runs again over an interrupted or complete earlier run without an error or a second copy', async () => {
    const rooms = memoryRooms();
    await writeWorkspaceSeed(seed, rooms.withRoom);
    const counts = () =>
      [...rooms.docs].map(([room, doc]) => {
        const read = readHandoffLog(doc);
        return [room, read.handoffs.length, read.activities.length];
      });
    const before = counts();
    await writeWorkspaceSeed(seed, rooms.withRoom);
    expect(counts()).toEqual(before);
  });
});
