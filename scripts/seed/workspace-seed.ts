import type { Activity, HandoffWithEvents, Member } from '@pactline/shared';
import {
  appendActivity,
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  signAgreement,
  upsertCalendar,
  upsertDirectoryAgreement,
  upsertMember,
  upsertParty,
  type WriteResult,
} from '@pactline/shared/doc';
import type * as Y from 'yjs';

/**
 * The one builder of seeded workspaces (the demo `pnpm start` shows, and every test and benchmark
 * workspace): an agreement from the template, its calendar, its parties' contacts and signatures,
 * the handoff log (handoffs and activities) by month, and the directory. Everything goes through the shared document model,
 * room by room, so how a room is reached (a provider in a test, the sync client in the start
 * command, a bare Y.Doc in a unit test) is the caller's `RoomWriter`.
 *
 * Writing is idempotent: an entry an earlier, interrupted run already wrote is a `duplicate` and is
 * skipped, and the directory is written last, so a reader that finds the agreement listed finds
 * its handoffs too.
 */

type Week = Parameters<typeof upsertCalendar>[1]['week'];

export type SeedPerson = Member & { partyId?: string };

export type WorkspaceSeed = {
  workspace: string;
  agreement: {
    id: string;
    title: string;
    createdAtMs: number;
    /** The template calendar's zone (default: the template's). */
    timeZone?: string;
    /** Replaces the template calendar's name, week and optionally zone. */
    calendar?: { name: string; week: Week; timeZone?: string };
    /**
     * Each signs version 1 for their party (every party signing makes the agreement active) and,
     * unless `isContact` is false, becomes its point of contact.
     */
    signers?: readonly { userId: string; displayName: string; partyId: string; isContact?: boolean }[];
    signedAtMs?: number;
  };
  /** Members listed in the directory; people with a party are matched to CRM owners by name. */
  members: readonly SeedPerson[];
  handoffs: readonly HandoffWithEvents[];
  /** Calls, emails and meetings the reps logged. */
  activities?: readonly Activity[];
};

/**
 * The handoff log's writer: a token of the relay's own (role `relay`). The log holds each entry in
 * its author's name (handoffs, events and activities of many members, the clock's judgements and
 * rungs), and a member's token writes only its own; history seeded at once is the relay's to write.
 */
export const relayWriter = Symbol('the relay');

/**
 * Runs `body` on the room's document once it is synced, and resolves when the relay holds the
 * result. `as` names whose token writes: a member's (the relay takes a signature only from its
 * signer), the relay's own (`relayWriter`, for the log), or, absent, the seeding admin's.
 */
export type RoomWriter = <T>(
  room: string,
  body: (doc: Y.Doc) => T,
  as?: string | typeof relayWriter,
) => Promise<T>;

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/** What an earlier run already wrote: done, not a failure. */
const alreadyWritten = new Set(['duplicate', 'already_signed']);

function check(result: WriteResult, what: string): void {
  if (!result.ok && !alreadyWritten.has(result.code))
    throw new SeedError(`seeding ${what} failed: ${result.code}: ${result.message}`);
}

export function writeAgreement(doc: Y.Doc, seed: WorkspaceSeed['agreement']): void {
  const { id, title, createdAtMs, timeZone } = seed;
  check(initAgreement(doc, { id, title, createdAtMs, ...(timeZone ? { timeZone } : {}) }), 'the agreement');
  const terms = () => readAgreement(doc).agreement?.terms;
  if (seed.calendar !== undefined) {
    const office = terms()?.calendars.find((calendar) => calendar.id === 'office');
    if (office === undefined) throw new SeedError('the template agreement has no office calendar');
    const { name, week, timeZone: calendarZone } = seed.calendar;
    check(
      upsertCalendar(doc, { ...office, name, week, timeZone: calendarZone ?? office.timeZone }),
      'the calendar',
    );
  }
  const signers = seed.signers ?? [];
  for (const party of terms()?.parties ?? []) {
    const contact = signers.find((signer) => signer.partyId === party.id && signer.isContact !== false);
    if (contact === undefined) continue;
    check(
      upsertParty(doc, { ...party, contact: { name: contact.displayName, userId: contact.userId } }),
      party.id,
    );
  }
}

type Signer = NonNullable<WorkspaceSeed['agreement']['signers']>[number];

/** `signer`'s signature of the version in force, written on their own connection. */
export function writeSignature(doc: Y.Doc, seed: WorkspaceSeed['agreement'], signer: Signer): void {
  const signature = {
    partyId: signer.partyId,
    userId: signer.userId,
    signerName: signer.displayName,
    signedAtMs: seed.signedAtMs ?? seed.createdAtMs,
    version: readAgreement(doc).agreement?.version ?? 1,
  };
  check(signAgreement(doc, signature), `${signer.displayName}'s signature`);
}

export function writeHandoffs(doc: Y.Doc, handoffs: readonly HandoffWithEvents[]): void {
  doc.transact(() => {
    for (const { events, ...handoff } of handoffs) {
      check(appendHandoff(doc, handoff), `handoff ${handoff.id}`);
      for (const event of events) check(appendHandoffEvent(doc, event), `event ${event.id}`);
    }
  });
}

export function writeActivities(doc: Y.Doc, activities: readonly Activity[]): void {
  doc.transact(() => {
    for (const activity of activities) check(appendActivity(doc, activity), `activity ${activity.id}`);
  });
}

export function writeDirectory(doc: Y.Doc, seed: WorkspaceSeed): void {
  for (const member of seed.members) check(upsertMember(doc, member), member.userId);
  const { id, title } = seed.agreement;
  const status = readAgreementStatus(seed);
  check(upsertDirectoryAgreement(doc, { id, title, status }), 'the directory entry');
}

function readAgreementStatus(seed: WorkspaceSeed): 'active' | 'draft' {
  return (seed.agreement.signers?.length ?? 0) > 0 ? 'active' : 'draft';
}

/** The handoffs grouped by the month room each belongs to. */
export function handoffRooms(
  seed: Pick<WorkspaceSeed, 'workspace' | 'handoffs'>,
): Map<string, HandoffWithEvents[]> {
  const rooms = new Map<string, HandoffWithEvents[]>();
  for (const handoff of seed.handoffs) {
    const room = handoffsRoomFor(seed.workspace, handoff.startedAtMs);
    rooms.set(room, [...(rooms.get(room) ?? []), handoff]);
  }
  return rooms;
}

/** The activities grouped by the month room each belongs to. */
export function activityRooms(
  seed: Pick<WorkspaceSeed, 'workspace' | 'activities'>,
): Map<string, Activity[]> {
  const rooms = new Map<string, Activity[]>();
  for (const activity of seed.activities ?? []) {
    const room = handoffsRoomFor(seed.workspace, activity.atMs);
    rooms.set(room, [...(rooms.get(room) ?? []), activity]);
  }
  return rooms;
}

export async function writeWorkspaceSeed(seed: WorkspaceSeed, withRoom: RoomWriter): Promise<void> {
  const agreementRoom = `${seed.workspace}/agreement/${seed.agreement.id}`;
  await withRoom(agreementRoom, (doc) => writeAgreement(doc, seed.agreement));
  for (const signer of seed.agreement.signers ?? [])
    await withRoom(agreementRoom, (doc) => writeSignature(doc, seed.agreement, signer), signer.userId);
  const handoffsByRoom = handoffRooms(seed);
  const activitiesByRoom = activityRooms(seed);
  for (const room of new Set([...handoffsByRoom.keys(), ...activitiesByRoom.keys()]))
    await withRoom(
      room,
      (doc) => {
        writeHandoffs(doc, handoffsByRoom.get(room) ?? []);
        writeActivities(doc, activitiesByRoom.get(room) ?? []);
      },
      relayWriter,
    );
  await withRoom(`${seed.workspace}/directory`, (doc) => writeDirectory(doc, seed));
}
