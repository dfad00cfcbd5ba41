import type { Handoff, HandoffWithEvents } from '@pactline/shared';
import {
  appendHandoff,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  readHandoffLog,
  setAgreementStatus,
  signAgreement,
  upsertCalendar,
  upsertDirectoryAgreement,
  upsertMember,
} from '@pactline/shared/doc';
import * as Y from 'yjs';
import { demoPeople, demoWeek } from '../../scripts/demo/demo-workspace.js';
import { connectProvider, type ProviderClient, waitFor } from './relay-clients.js';

/**
 * Seeds a workspace through the relay as the PWA would: the directory with the demo's members (the
 * same people as `pnpm start`'s demo workspace), and an active agreement from the template whose
 * calendar counts every hour, so clocks run whenever the test does.
 */
export async function seedWorkspace(
  relayUrl: string,
  token: string,
  workspace: string,
  agreementId: string,
): Promise<void> {
  const directory = connectProvider(relayUrl, `${workspace}/directory`, token);
  const agreement = connectProvider(relayUrl, `${workspace}/agreement/${agreementId}`, token);
  await Promise.all([directory.synced(), agreement.synced()]);
  expectOk(
    initAgreement(agreement.doc, {
      id: agreementId,
      title: 'Marketing, SDR and AE agreement',
      createdAtMs: Date.now(),
    }),
  );
  expectOk(
    upsertCalendar(agreement.doc, {
      id: 'office',
      name: 'Round the clock',
      timeZone: 'UTC',
      week: demoWeek,
      holidays: [],
    }),
  );
  // Every party's point of contact signs version 1, which puts the agreement in force.
  for (const { partyId, userId } of demoPeople) {
    if (partyId === undefined) continue;
    expectOk(
      signAgreement(agreement.doc, {
        partyId,
        userId,
        signerName: userId,
        signedAtMs: Date.now(),
        version: 1,
      }),
    );
  }
  if (readAgreement(agreement.doc).agreement?.status !== 'active') {
    expectOk(setAgreementStatus(agreement.doc, 'active'));
  }
  expectOk(
    upsertDirectoryAgreement(directory.doc, {
      id: agreementId,
      title: 'Marketing, SDR and AE agreement',
      status: 'active',
    }),
  );
  for (const { userId, displayName, partyId } of demoPeople) {
    if (partyId !== undefined) expectOk(upsertMember(directory.doc, { userId, displayName, partyId }));
  }
  await flushed(directory, relayUrl, token);
  await flushed(agreement, relayUrl, token);
  directory.destroy();
  agreement.destroy();
}

export async function appendHandoffThroughRelay(
  relayUrl: string,
  token: string,
  workspace: string,
  handoff: Handoff,
) {
  const log = connectProvider(relayUrl, handoffsRoomFor(workspace, handoff.startedAtMs), token);
  await log.synced();
  expectOk(appendHandoff(log.doc, handoff));
  await flushed(log, relayUrl, token);
  log.destroy();
}

/** A separate y-websocket client on the month's handoff log, as any standard Yjs app would connect. */
export function watchHandoffLog(relayUrl: string, token: string, workspace: string, atMs: number) {
  const log = connectProvider(relayUrl, handoffsRoomFor(workspace, atMs), token);
  return {
    client: log,
    read: (): HandoffWithEvents[] => readHandoffLog(log.doc).handoffs,
    waitFor: <T>(check: (handoffs: HandoffWithEvents[]) => T, what: string) =>
      waitFor(() => check(readHandoffLog(log.doc).handoffs), { timeoutMs: 20_000, what }),
    destroy: () => log.destroy(),
  };
}

function expectOk(result: { ok: boolean; message?: string }): void {
  if (!result.ok) throw new Error(`seeding failed: ${result.message}`);
}

/** Waits until the relay has the client's updates: a second client sees the same state vector. */
async function flushed(client: ProviderClient, relayUrl: string, token: string): Promise<void> {
  await waitFor(() => client.provider.wsconnected && client.provider.synced, {
    what: 'seed client connected',
  });
  const room = client.provider.roomname;
  const probe = connectProvider(relayUrl, room, token);
  try {
    await probe.synced();
    await waitFor(() => Buffer.from(encodeState(probe)).equals(Buffer.from(encodeState(client))), {
      what: `relay holding ${room}`,
    });
  } finally {
    probe.destroy();
  }
}

/** Same state vector, same content: the relay has every update the client made. */
function encodeState(client: ProviderClient): Uint8Array {
  return Y.encodeStateVector(client.doc);
}
