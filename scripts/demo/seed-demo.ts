import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  readDirectory,
  signAgreement,
  upsertCalendar,
  upsertDirectoryAgreement,
  upsertMember,
  upsertParty,
  type WriteResult,
} from '@pactline/shared/doc';
import {
  type OpenedDocument,
  openDocument,
  type WebSocketConstructor,
  waitForSyncState,
} from '@pactline/shared/sync';
import { WebSocket } from 'ws';
import type * as Y from 'yjs';
import { demoAgreementId, demoHandoffs, demoPeople, demoWeek, demoWorkspace } from './demo-workspace.js';

/**
 * Writes the demo workspace through the relay, as any client would: the directory, the agreement
 * (from the template, with a round-the-clock calendar) and the handoffs. Idempotent: the directory
 * records that the agreement exists, and a second run leaves everything as it is.
 */

type SeedOptions = {
  relayUrl: string;
  adminToken: string;
  crmOrigin: string;
  nowMs: number;
  timeoutMs?: number;
};

/** A `duplicate` is an entry an interrupted earlier run already wrote: fine to skip. */
function check(result: WriteResult, what: string): void {
  if (!result.ok && result.code !== 'duplicate')
    throw new Error(`seeding ${what} failed: ${result.code}: ${result.message}`);
}

async function withRoom<T>(room: string, options: SeedOptions, body: (doc: Y.Doc) => T): Promise<T> {
  const opened: OpenedDocument = openDocument(room, {
    relayUrl: options.relayUrl,
    token: options.adminToken,
    WebSocketPolyfill: WebSocket as unknown as WebSocketConstructor,
    localPersistence: null,
    isBroadcastChannelEnabled: false,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    await waitForSyncState(opened, (state) => state.status === 'synced', {
      what: 'the first sync',
      timeoutMs,
    });
    const result = body(opened.doc);
    await waitForSyncState(opened, (state) => state.status === 'synced' && !state.hasUnsentChanges, {
      what: 'the relay to hold the seed',
      timeoutMs,
    });
    return result;
  } finally {
    await opened.destroy();
  }
}

/** Seeds the demo workspace unless it is already there; resolves with whether it wrote anything. */
export async function seedDemo(options: SeedOptions): Promise<{ isSeeded: boolean }> {
  const directoryRoom = `${demoWorkspace}/directory`;
  const isPresent = await withRoom(directoryRoom, options, (doc) =>
    readDirectory(doc).agreements.some((agreement) => agreement.id === demoAgreementId),
  );
  if (isPresent) return { isSeeded: false };

  const title = 'Marketing, SDR and AE service level agreement';
  await withRoom(`${demoWorkspace}/agreement/${demoAgreementId}`, options, (doc) => {
    check(initAgreement(doc, { id: demoAgreementId, title, createdAtMs: options.nowMs }), 'the agreement');
    const office = readAgreement(doc).agreement?.terms.calendars.find((calendar) => calendar.id === 'office');
    if (office === undefined) throw new Error('the template agreement has no office calendar');
    check(upsertCalendar(doc, { ...office, name: 'Demo: around the clock', week: demoWeek }), 'the calendar');
    for (const party of readAgreement(doc).agreement?.terms.parties ?? []) {
      const person = demoPeople.find((candidate) => candidate.partyId === party.id);
      if (person === undefined) continue;
      check(
        upsertParty(doc, { ...party, contact: { name: person.displayName, userId: person.userId } }),
        party.id,
      );
    }
    // Every party's point of contact signs, which makes the agreement active.
    const version = readAgreement(doc).agreement?.version ?? 1;
    for (const person of demoPeople) {
      if (person.partyId === undefined) continue;
      const signature = {
        partyId: person.partyId,
        userId: person.userId,
        signerName: person.displayName,
        signedAtMs: options.nowMs,
        version,
      };
      check(signAgreement(doc, signature), `${person.displayName}'s signature`);
    }
  });

  const handoffs = demoHandoffs(options.nowMs, options.crmOrigin);
  const rooms = new Map<string, typeof handoffs>();
  for (const handoff of handoffs) {
    const room = handoffsRoomFor(demoWorkspace, handoff.startedAtMs);
    rooms.set(room, [...(rooms.get(room) ?? []), handoff]);
  }
  for (const [room, entries] of rooms) {
    await withRoom(room, options, (doc) => {
      for (const { events, ...handoff } of entries) {
        check(appendHandoff(doc, handoff), `handoff ${handoff.id}`);
        for (const event of events) check(appendHandoffEvent(doc, event), `event ${event.id}`);
      }
    });
  }

  await withRoom(directoryRoom, options, (doc) => {
    for (const { role: _role, title: _title, ...member } of demoPeople)
      check(upsertMember(doc, member), member.userId);
    check(
      upsertDirectoryAgreement(doc, { id: demoAgreementId, title, status: 'active' }),
      'the directory entry',
    );
  });
  return { isSeeded: true };
}
