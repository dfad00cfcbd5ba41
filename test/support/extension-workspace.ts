import type { Handoff, HandoffWithEvents } from '@pactline/shared';
import { appendHandoff, handoffsRoomFor, readHandoffLog } from '@pactline/shared/doc';
import * as Y from 'yjs';
import { demoPeople, demoWeek } from '../../scripts/demo/demo-workspace.js';
import { relayWriter, writeWorkspaceSeed } from '../../scripts/seed/workspace-seed.js';
import { connectProvider, type ProviderClient, waitFor } from './relay-clients.js';
import type { RunningRelay } from './relay-process.js';

/**
 * Seeds a workspace through the relay as the PWA would: the directory with the demo's members (the
 * same people as `pnpm start`'s demo workspace), and an active agreement from the template whose
 * calendar counts every hour, so clocks run whenever the test does.
 */
export async function seedWorkspace(
  relay: Pick<RunningRelay, 'url' | 'mintToken'>,
  workspace: string,
  agreementId: string,
): Promise<void> {
  const nowMs = Date.now();
  const relayUrl = relay.url;
  const token = await relay.mintToken({ ws: workspace, sub: 'seeder', role: 'admin' });
  const people = demoPeople.flatMap(({ userId, displayName, partyId }) =>
    partyId === undefined ? [] : [{ userId, displayName, partyId }],
  );
  // Every seeded room stays connected until the whole seed is written, as the seeding did before
  // the one builder: a room left by its client mid-seed unloads while the relay's watcher opens it.
  const clients: ProviderClient[] = [];
  try {
    await writeWorkspaceSeed(
      {
        workspace,
        agreement: {
          id: agreementId,
          title: 'Marketing, SDR and AE agreement',
          createdAtMs: nowMs,
          calendar: { name: 'Round the clock', week: demoWeek, timeZone: 'UTC' },
          // Every party's point of contact signs version 1, which puts the agreement in force.
          signers: people.map((person) => ({ ...person, displayName: person.userId, isContact: false })),
          signedAtMs: nowMs,
        },
        // Alex's CRM shows her full name as a record's owner.
        members: people.map((person) =>
          person.userId === 'alex' ? { ...person, crmNames: ['Alexandra Eriksson'] } : person,
        ),
        handoffs: [],
      },
      async (room, body, as) => {
        const writer = await seedTokens(relay, workspace, token)(as);
        const client = connectProvider(relayUrl, room, writer);
        clients.push(client);
        return writeOnClient(client, relayUrl, writer, body);
      },
    );
  } finally {
    for (const client of clients) client.destroy();
  }
}

/**
 * The token a seed writes a room with, by `RoomWriter`'s `as`: the seeding admin's; a signer's own
 * (the relay takes a signature from no one else); or one of role `relay` for the handoff log, which
 * holds entries in many members' names and the clock's.
 */
export function seedTokens(
  relay: Pick<RunningRelay, 'mintToken'>,
  workspace: string,
  adminToken: string,
): (as?: string | typeof relayWriter) => Promise<string> {
  return async (as) => {
    if (as === undefined) return adminToken;
    if (as === relayWriter) return relay.mintToken({ ws: workspace, sub: 'pactline-setup', role: 'relay' });
    return relay.mintToken({ ws: workspace, sub: as, role: 'editor' });
  };
}

/** A `RoomWriter` over a y-websocket provider: resolves once a second client sees the write. */
export async function writeThroughRelay<T>(
  relayUrl: string,
  token: string,
  room: string,
  body: (doc: Y.Doc) => T,
): Promise<T> {
  const client = connectProvider(relayUrl, room, token);
  try {
    return await writeOnClient(client, relayUrl, token, body);
  } finally {
    client.destroy();
  }
}

/** Writes once the client is synced, and resolves when the relay holds the write. */
async function writeOnClient<T>(
  client: ProviderClient,
  relayUrl: string,
  token: string,
  body: (doc: Y.Doc) => T,
): Promise<T> {
  await client.synced();
  const result = body(client.doc);
  await flushed(client, relayUrl, token);
  return result;
}

export async function appendHandoffThroughRelay(
  relay: Pick<RunningRelay, 'url' | 'mintToken'>,
  workspace: string,
  handoff: Handoff,
) {
  // Handed off by its sender, on the sender's own token: the relay takes entries in no one else's name.
  const token = await relay.mintToken({ ws: workspace, sub: handoff.fromUserId, role: 'editor' });
  const room = handoffsRoomFor(workspace, handoff.startedAtMs);
  await writeThroughRelay(relay.url, token, room, (doc) => expectOk(appendHandoff(doc, handoff)));
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
