import { connect as connectTcp, type Socket } from 'node:net';
import { CloseCode, clockUserId } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  initAgreement,
  readAgreement,
  readDirectory,
  readHandoffLog,
  signAgreement,
  upsertMember,
} from '@pactline/shared/doc';
import { openDocument, type WebSocketConstructor, waitForSyncState } from '@pactline/shared/sync';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  connectProvider,
  connectRaw,
  type ProviderClient,
  syncMessage,
  waitFor,
} from '../support/relay-clients.js';
import { mintRelayToken, type RunningRelay, startRelay } from '../support/relay-process.js';
import { relayStores, storeOf, twoRelaysStore } from '../support/relay-stores.js';

const maxMessageBytes = 64 * 1024;
const maxDocumentBytes = 4 * maxMessageBytes;
const maxPending = 8;

/**
 * Run on each store, and once more on two relays sharing every room through Redis: the tests talk
 * to the first relay, and a last test checks that the second one holds exactly what the first does
 * in every room they used (nothing refused leaked across, nothing accepted was lost on the way).
 */
describe.each([...relayStores, twoRelaysStore])('relay security on $label', (store) => {
  let relay: RunningRelay;
  let peer: RunningRelay | null = null;
  const roomsUsed = new Set<string>();
  const clients: ProviderClient[] = [];
  const editorToken = (sub = 'ana') => relay.mintToken({ ws: 'acme', sub, role: 'editor' });
  /** Pactline's own connector in Node: no local store, no broadcast channel. */
  const nodeClient = (room: string, token: string) =>
    openDocument(room, {
      relayUrl: relay.url,
      token,
      WebSocketPolyfill: WebSocket as unknown as WebSocketConstructor,
      localPersistence: null,
      isBroadcastChannelEnabled: false,
    });
  const provider = async (room: string, token: string) => {
    roomsUsed.add(room);
    const client = connectProvider(relay.url, room, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const env = {
      ...(await store.env()),
      PACTLINE_MAX_MESSAGE_BYTES: String(maxMessageBytes),
      PACTLINE_MAX_DOCUMENT_BYTES: String(maxDocumentBytes),
      PACTLINE_MAX_AWARENESS_BYTES: '1024',
      PACTLINE_MAX_PENDING_CONNECTIONS_PER_IP: String(maxPending),
      PACTLINE_MAX_MESSAGES_PER_SECOND: '100',
    };
    relay = await startRelay({ env });
    expect(storeOf(relay.logs)).toBe(store.name);
    if (store.hasPeer) {
      peer = await startRelay({ env: { ...env, PACTLINE_SECRET: relay.secret } });
      for (const started of [relay, peer])
        expect(started.logs.find((line) => line.msg === 'listening')?.sharedThrough).toBe('redis');
    }
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([relay.kill('SIGTERM'), peer?.kill('SIGTERM')]);
  });

  it('refuses a room outside the token workspace and invalid room names with 4403', async () => {
    const token = await editorToken();
    for (const room of ['globex/agreement/a1', 'acme/secrets/a1', 'acme/agreement/../../globex', '']) {
      const { code } = await connectRaw(relay.url, room, token).closed;
      expect(code, `room "${room}"`).toBe(CloseCode.forbidden);
    }
    expect(
      await relay.metric('pactline_relay_rejected_connections_total', { reason: 'forbidden_workspace' }),
    ).toBe(1);
  });

  it('refuses missing, expired, forged and unsigned tokens with 4401', async () => {
    const room = 'acme/agreement/a1';
    const expired = await relay.mintToken({
      ws: 'acme',
      sub: 'ana',
      role: 'editor',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const forged = await mintRelayToken('not-the-relay-secret-at-all', {
      ws: 'acme',
      sub: 'ana',
      role: 'admin',
    });
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ws: 'acme', sub: 'ana', role: 'admin', exp: 9e9 })).toString(
      'base64url',
    );
    const unsigned = `${header}.${body}.`;
    const badClaims = await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'root' as 'admin' });
    for (const [label, token] of Object.entries({
      missing: null,
      expired,
      forged,
      unsigned,
      badClaims,
      garbage: 'x.y.z',
    })) {
      const { code } = await connectRaw(relay.url, room, token).closed;
      expect(code, `${label} token`).toBe(CloseCode.unauthorized);
    }
    expect(await relay.metric('pactline_relay_rejected_connections_total', { reason: 'expired_token' })).toBe(
      1,
    );
  });

  it("drops a viewer's updates and sync step 2 but still sends it updates and presence", async () => {
    const room = 'acme/agreement/viewed';
    const viewerDoc = new Y.Doc();
    // Content the viewer holds before connecting travels in its sync step 2.
    viewerDoc.getText('summary').insert(0, 'viewer before connecting');
    const viewer = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'vic', role: 'viewer' }),
      {
        doc: viewerDoc,
      },
    );
    clients.push(viewer);
    const editor = await provider(room, await editorToken());
    await Promise.all([viewer.synced(), editor.synced()]);
    viewer.doc.getMap('rules').set('hot', 'viewer wrote this');
    editor.doc.getMap('rules').set('warm', 240);
    editor.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    await waitFor(() => viewer.doc.getMap('rules').get('warm') === 240, {
      what: 'viewer to receive the edit',
    });
    await waitFor(
      () => viewer.provider.awareness.getStates().get(editor.doc.clientID)?.user?.name === 'Ana',
      {
        what: 'viewer to receive presence',
      },
    );
    await waitFor(async () => (await relay.metric('pactline_relay_viewer_updates_dropped_total')) >= 2, {
      what: 'both viewer writes to be dropped',
    });

    // Restart from disk: whatever the relay stored is all there is.
    await relay.restart();
    const fresh = await provider(room, await editorToken('fresh'));
    await fresh.synced();
    expect(fresh.doc.getMap('rules').get('warm')).toBe(240);
    expect(fresh.doc.getMap('rules').has('hot')).toBe(false);
    expect(fresh.doc.getText('summary').toString()).toBe('');
    expect(editor.doc.getMap('rules').has('hot')).toBe(false);
  });

  it('closes a connection whose message is over the size limit with 1009 and keeps the room intact', async () => {
    const room = 'acme/agreement/big';
    const editor = await provider(room, await editorToken());
    await editor.synced();
    editor.doc.getText('summary').insert(0, 'kept');
    const raw = connectRaw(relay.url, room, await editorToken('mallory'));
    await raw.opened;
    const big = new Y.Doc();
    big.getText('summary').insert(0, 'x'.repeat(maxMessageBytes + 10));
    raw.send(syncMessage(2, Y.encodeStateAsUpdate(big)));
    expect((await raw.closed).code).toBe(CloseCode.messageTooBig);

    const bigPresence = connectRaw(relay.url, room, await editorToken('mallory'));
    await bigPresence.opened;
    const awarenessUpdate = encoding.createEncoder();
    encoding.writeVarUint(awarenessUpdate, 1);
    encoding.writeVarUint(awarenessUpdate, 42);
    encoding.writeVarUint(awarenessUpdate, 1);
    encoding.writeVarString(awarenessUpdate, JSON.stringify({ note: 'y'.repeat(2000) }));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 1);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(awarenessUpdate));
    bigPresence.send(encoding.toUint8Array(message));
    expect((await bigPresence.closed).code).toBe(CloseCode.messageTooBig);

    const reader = await provider(room, await editorToken('reader'));
    await reader.synced();
    await waitFor(() => reader.doc.getText('summary').toString() === 'kept', {
      what: 'the room to still serve its content',
    });
  });

  it('refuses updates past the document size cap with 4413, keeping the document and its readers', async () => {
    // What was tried: an editor sends update after update just under the message limit, to make
    // every member download megabytes. The cap stops the room growing past it; the room serves on.
    const room = 'acme/agreement/bloated';
    const editor = await provider(room, await editorToken());
    await editor.synced();
    editor.doc.getText('summary').insert(0, 'kept');
    await waitFor(() => editor.provider.synced, { what: 'the first edit to be stored' });
    const raw = connectRaw(relay.url, room, await editorToken('mallory'));
    await raw.opened;
    let sent = 0;
    let closed: { code: number } | null = null;
    void raw.closed.then((result) => {
      closed = result;
    });
    const junk = new Y.Doc();
    for (let index = 0; index < 8 && closed === null; index++) {
      const before = Y.encodeStateVector(junk);
      junk.getText(`junk-${index}`).insert(0, 'x'.repeat(maxMessageBytes - 1024));
      raw.send(syncMessage(2, Y.encodeStateAsUpdate(junk, before)));
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await raw.closed).code).toBe(CloseCode.documentTooBig);
    // Four of 63 KiB fit under the 256 KiB cap with the first edit; the fifth is refused.
    expect(sent).toBe(5);

    const reader = await provider(room, await editorToken('reader'));
    await reader.synced();
    await waitFor(() => reader.doc.getText('summary').toString() === 'kept', {
      what: 'the room to still serve its content',
    });
    const stored = Y.encodeStateAsUpdate(reader.doc).length;
    expect(stored).toBeLessThanOrEqual(maxDocumentBytes);
    expect(reader.doc.getText('junk-3').length).toBe(maxMessageBytes - 1024);
    expect(reader.doc.getText('junk-4').length).toBe(0);

    // Pactline's own connector, writing into the full document: it stops retrying, says why, and
    // keeps the change on the device.
    const writer = nodeClient(room, await editorToken('ben'));
    try {
      await waitForSyncState(writer, (state) => state.status === 'synced', {
        what: 'the first sync',
        timeoutMs: 10_000,
      });
      writer.doc.getText('notes').insert(0, 'y'.repeat(maxMessageBytes - 1024));
      const stopped = await waitForSyncState(writer, (state) => state.stopped !== undefined, {
        what: 'the connector to stop',
        timeoutMs: 10_000,
      });
      expect(stopped.stopped?.code).toBe('document_too_big');
      expect(stopped.hasUnsentChanges).toBe(true);
      expect(writer.doc.getText('notes').length).toBe(maxMessageBytes - 1024);
    } finally {
      await writer.destroy();
    }
  });

  it('ignores a presence update for another connection’s client, keeping theirs as they set it', async () => {
    // What was tried: a member sends presence under Ana's client id, to show a cursor and a name
    // in her place (or to remove hers). The relay keeps who controls which client id.
    const room = 'acme/agreement/presence';
    const ana = await provider(room, await editorToken('ana'));
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const reader = await provider(room, await editorToken('reader'));
    const nameOf = (clientId: number) =>
      (reader.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user
        ?.name;
    await waitFor(() => nameOf(ana.doc.clientID) === 'Ana', { what: "the reader to see Ana's presence" });

    const presence = (clientId: number, clock: number, state: unknown) => {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, clientId);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, JSON.stringify(state));
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 1);
      encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
      return encoding.toUint8Array(message);
    };
    const mallory = connectRaw(relay.url, room, await editorToken('mallory'));
    await mallory.opened;
    mallory.send(presence(ana.doc.clientID, 1_000, { user: { name: 'Boss' } }));
    mallory.send(presence(ana.doc.clientID, 1_001, null));
    // Mallory's own presence comes after: once the reader has it, the relay has read the others.
    mallory.send(presence(424242, 1, { user: { name: 'Mallory' } }));
    await waitFor(() => nameOf(424242) === 'Mallory', { what: "Mallory's own presence" });
    expect(nameOf(ana.doc.clientID)).toBe('Ana');
  });

  it('refuses a signature in another member’s name with 4403 and keeps the agreement as it was', async () => {
    // What was tried: Ben, an editor, writes Ana's signature for her party (and then a signed
    // version listing it) from a client of his own. The relay closes his connection; no member ever
    // receives the forged signature; his own signature is taken.
    const room = 'acme/agreement/signed';
    const admin = await provider(room, await relay.mintToken({ ws: 'acme', sub: 'root', role: 'admin' }));
    await admin.synced();
    expect(
      initAgreement(admin.doc, { id: 'signed', title: 'Signed', createdAtMs: Date.now() }),
    ).toMatchObject({
      ok: true,
    });
    await waitFor(() => admin.provider.synced, { what: 'the agreement to be stored' });
    const parties = readAgreement(admin.doc).agreement?.terms.parties.map((party) => party.id) ?? [];
    const [first, second] = parties as [string, string];
    const signature = (partyId: string, userId: string) => ({
      partyId,
      userId,
      signerName: userId,
      signedAtMs: Date.now(),
      version: 1,
    });

    const ben = connectRaw(relay.url, room, await editorToken('ben'));
    await ben.opened;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(admin.doc));
    const before = Y.encodeStateVector(copy);
    expect(signAgreement(copy, signature(first, 'ana'))).toMatchObject({ ok: true });
    ben.send(syncMessage(2, Y.encodeStateAsUpdate(copy, before)));
    const closed = await ben.closed;
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toContain('not in the name of ben');
    expect(
      await relay.metric('pactline_relay_closed_connections_total', { reason: 'forged_signature' }),
    ).toBe(1);

    // His own signature, through Pactline's connector, is taken and reaches the others.
    const own = nodeClient(room, await editorToken('ben'));
    try {
      await waitForSyncState(own, (state) => state.status === 'synced', {
        what: 'the first sync',
        timeoutMs: 10_000,
      });
      expect(signAgreement(own.doc, signature(second, 'ben'))).toMatchObject({ ok: true });
      await waitFor(() => readAgreement(admin.doc).agreement?.signatures.length === 1, {
        what: 'Ben’s own signature to arrive',
      });
    } finally {
      await own.destroy();
    }
    const reader = await provider(room, await editorToken('reader'));
    await reader.synced();
    expect(
      readAgreement(reader.doc).agreement?.signatures.map((entry) => [entry.partyId, entry.userId]),
    ).toEqual([[second, 'ben']]);
  });

  it('refuses a schema version this release does not know with 4403, so nobody is made read-only', async () => {
    // What was tried: an editor adds `v999999` to the directory's schema map, which would make
    // every client of the workspace treat the directory as newer than itself (read-only).
    const room = 'acme/directory';
    const mallory = connectRaw(relay.url, room, await editorToken('mallory'));
    await mallory.opened;
    const copy = new Y.Doc();
    copy.getMap('schema').set('v999999', true);
    mallory.send(syncMessage(2, Y.encodeStateAsUpdate(copy)));
    const closed = await mallory.closed;
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toContain('schema version 999999 is unknown');
    expect(await relay.metric('pactline_relay_closed_connections_total', { reason: 'unknown_schema' })).toBe(
      1,
    );

    const member = await provider(room, await editorToken('ben'));
    await member.synced();
    expect(upsertMember(member.doc, { userId: 'ben', displayName: 'Ben' })).toMatchObject({ ok: true });
    const directory = readDirectory(member.doc);
    expect(directory.isReadOnly).toBe(false);
    expect(member.doc.getMap('schema').has('v999999')).toBe(false);
  });

  it('refuses removing or changing an entry of the handoff log with 4409, storing nothing of it', async () => {
    // What was tried, each from a raw client with an ordinary editor token: deleting a handoff,
    // deleting an event, moving an event's time, changing a rejection's reason, an update that
    // appends a valid event and deletes another, entries of the wrong shape or size, and entries in
    // another member's name or the clock's. Each connection is closed with 4409 and the
    // reason; a fresh client after all of them reads the log as it was plus nothing; a member
    // syncing meanwhile keeps syncing; Pactline's connector stops and says why.
    const room = 'acme/handoffs/2026-12';
    const handoff = {
      id: 'h1',
      agreementId: 'sla',
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot' as const,
        objectType: 'contact',
        recordId: '1',
        url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
        displayName: 'Jo Lead',
      },
      fromPartyId: 'sdr',
      fromUserId: 'sam',
      toPartyId: 'ae',
      checklist: [],
      startedAtMs: Date.UTC(2026, 11, 1, 10),
    };
    const member = await provider(room, await editorToken('sam'));
    await member.synced();
    const appendedAtMs = Date.now();
    expect(appendHandoff(member.doc, handoff)).toEqual({ ok: true });
    const event = { id: 'e1', handoffId: 'h1', atMs: handoff.startedAtMs + 60_000, byUserId: 'sam' };
    expect(
      appendHandoffEvent(member.doc, { ...event, type: 'rejected', reason: 'Not our territory' }),
    ).toEqual({
      ok: true,
    });
    await waitFor(() => member.provider.synced, { what: 'the log to be stored' });
    const stored = async () => {
      const reader = connectProvider(relay.url, room, await editorToken('reader'));
      try {
        await reader.synced();
        return (
          JSON.stringify(reader.doc.getMap('handoffs').toJSON()) +
          JSON.stringify(reader.doc.getMap('events').toJSON())
        );
      } finally {
        reader.destroy();
      }
    };
    const before = await stored();

    const attacks: [string, (copy: Y.Doc) => void, string][] = [
      [
        'delete a handoff',
        (copy) => copy.getMap('handoffs').delete('h1'),
        'the log is append-only: handoffs entry h1 cannot be removed',
      ],
      [
        'delete an event',
        (copy) => copy.getMap('events').delete('e1'),
        'the log is append-only: events entry e1 cannot be removed',
      ],
      [
        'move an event in time',
        (copy) =>
          copy
            .getMap('events')
            .set('e1', { ...event, type: 'rejected', reason: 'Not our territory', atMs: 1 }),
        'the log is append-only: events entry e1 cannot be changed',
      ],
      [
        'change a reason',
        (copy) => copy.getMap('events').set('e1', { ...event, type: 'rejected', reason: 'Duplicate' }),
        'the log is append-only: events entry e1 cannot be changed',
      ],
      [
        'append one event and delete another',
        (copy) => {
          copy.getMap('events').set('e2', { ...event, id: 'e2', type: 'accepted' });
          copy.getMap('events').delete('e1');
        },
        'the log is append-only: events entry e1 cannot be removed',
      ],
      [
        'append an entry of the wrong shape',
        (copy) => copy.getMap('events').set('e3', { id: 'e3', handoffId: 'h1', note: 'no type, no time' }),
        'events entry e3 is not a valid entry: ',
      ],
      [
        // This relay takes messages up to 64 KiB; with the defaults (16 MiB) a 5 MB entry meets the
        // same check.
        'append a 40 KB entry',
        (copy) =>
          copy
            .getMap('events')
            .set('e4', { ...event, id: 'e4', type: 'rejected', reason: 'x'.repeat(40_000) }),
        'events entry e4 is 40',
      ],
      [
        'append a first touch in Sam’s name',
        (copy) => copy.getMap('events').set('e5', { ...event, id: 'e5', type: 'first_touch' }),
        'events entry e5 is written in the name of "sam": a member writes in their own name only',
      ],
      [
        'append a judgement "met" in the clock’s name',
        (copy) =>
          copy.getMap('events').set('e6', {
            ...event,
            id: 'e6',
            byUserId: clockUserId,
            type: 'judged',
            ruleId: 'mql-response',
            outcome: 'met',
            ruleVersion: 1,
            calendarVersion: 1,
            elapsedMs: 60_000,
            targetMs: 900_000,
          }),
        "events entry e6 is signed by Pactline's clock: only the relay records judgements and rungs",
      ],
      [
        'write the time an entry was received',
        (copy) => copy.getMap('received').set('events/e1', 1),
        'received holds the times the relay received each entry: the relay alone writes it',
      ],
      [
        'append an entry claiming its own time of receipt',
        (copy) => copy.getMap('events').set('e7', { ...event, id: 'e7', type: 'accepted', receivedAtMs: 1 }),
        'events entry e7 is not a valid entry: receivedAtMs is the relay’s to record',
      ],
    ];
    for (const [index, [what, attack, reason]] of attacks.entries()) {
      const mallory = connectRaw(relay.url, room, await editorToken('mallory'));
      await mallory.opened;
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(member.doc));
      const vector = Y.encodeStateVector(copy);
      attack(copy);
      mallory.send(syncMessage(2, Y.encodeStateAsUpdate(copy, vector)));
      const closed = await mallory.closed;
      expect([what, closed.code]).toEqual([what, CloseCode.appendOnly]);
      expect(closed.reason.startsWith(reason), `${what}: ${closed.reason}`).toBe(true);
      // The member keeps syncing through it all: its next append reaches the relay.
      expect(appendHandoffEvent(member.doc, { ...event, id: `ok-${index}`, type: 'accepted' }).ok).toBe(true);
    }
    expect(
      await relay.metric('pactline_relay_closed_connections_total', { reason: 'log_entry_removed' }),
    ).toBe(3);
    expect(
      await relay.metric('pactline_relay_closed_connections_total', { reason: 'log_entry_changed' }),
    ).toBe(2);
    for (const [reason, count] of [
      ['log_entry_invalid', 2],
      ['log_entry_too_big', 1],
      ['log_not_in_log', 1],
    ] as const)
      expect(await relay.metric('pactline_relay_closed_connections_total', { reason }), reason).toBe(count);
    expect(await relay.metric('pactline_relay_closed_connections_total', { reason: 'log_not_author' })).toBe(
      2,
    );
    await waitFor(() => member.provider.synced, { what: 'the member’s appends to be stored' });
    // What changed is the member's appends, nothing of the attacks.
    expect(await stored()).not.toBe(before);
    const reader = await provider(room, await editorToken('reader'));
    await reader.synced();
    const log = readHandoffLog(reader.doc);
    expect(log.handoffs.map((entry) => entry.id)).toEqual(['h1']);
    expect(log.handoffs[0]?.events.find((entry) => entry.id === 'e1')).toMatchObject({
      atMs: event.atMs,
      reason: 'Not our territory',
    });
    expect(log.handoffs[0]?.events.some((entry) => entry.id === 'e2')).toBe(false);
    // The relay stamped when it received each entry: the rejection claims December 1st, days
    // before it reached the relay, and the log shows it.
    const rejection = await waitFor(
      () =>
        readHandoffLog(reader.doc).handoffs[0]?.events.find(
          (entry) => entry.id === 'e1' && entry.receivedAtMs,
        ),
      { what: 'the time the relay received the rejection' },
    );
    expect(rejection.receivedAtMs).toBeGreaterThanOrEqual(appendedAtMs);
    expect((rejection.receivedAtMs ?? 0) - rejection.atMs).toBeGreaterThan(3 * 3_600_000);
    expect(readHandoffLog(reader.doc).handoffs[0]?.receivedAtMs).toBeGreaterThanOrEqual(appendedAtMs);

    // Pactline's own connector, asked to delete the event, stops and says why.
    const own = nodeClient(room, await editorToken('ben'));
    try {
      await waitForSyncState(own, (state) => state.status === 'synced', {
        what: 'the first sync',
        timeoutMs: 10_000,
      });
      own.doc.getMap('events').delete('e1');
      const state = await waitFor(() => (own.getState().stopped === undefined ? null : own.getState()), {
        what: 'the connector to stop',
      });
      expect(state.stopped).toMatchObject({ code: 'append_only', closeCode: CloseCode.appendOnly });
      expect(state.stopped?.message).toContain('events entry e1 cannot be removed');
    } finally {
      await own.destroy();
    }
  });

  it('closes a socket when its token expires with 4401, and the connector resumes with a fresh token', async () => {
    // What was tried: keep a socket open past the token's expiry (a member removed, a token rotated).
    const room = 'acme/agreement/expiring';
    const soon = Math.floor(Date.now() / 1000) + 2;
    const raw = connectRaw(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'eve', role: 'editor', exp: soon }),
    );
    await raw.opened;
    expect(await raw.closed).toEqual({ code: CloseCode.unauthorized, reason: 'token expired' });

    const client = nodeClient(
      room,
      await relay.mintToken({
        ws: 'acme',
        sub: 'eve',
        role: 'editor',
        exp: Math.floor(Date.now() / 1000) + 2,
      }),
    );
    try {
      await waitForSyncState(client, (state) => state.status === 'synced', {
        what: 'the first sync',
        timeoutMs: 10_000,
      });
      const stopped = await waitForSyncState(client, (state) => state.stopped !== undefined, {
        what: 'the connector to stop at expiry',
        timeoutMs: 10_000,
      });
      expect(stopped.stopped?.code).toBe('token_rejected');
      client.setToken(await editorToken('eve'));
      await waitForSyncState(client, (state) => state.status === 'synced', {
        what: 'the resumed sync',
        timeoutMs: 10_000,
      });
    } finally {
      await client.destroy();
    }
  });

  it('closes a connection that sends too many messages per second with 4429', async () => {
    const raw = connectRaw(relay.url, 'acme/agreement/chatty', await editorToken());
    await raw.opened;
    const query = new Uint8Array([3]);
    for (let i = 0; i < 1000; i++) raw.send(query);
    expect((await raw.closed).code).toBe(CloseCode.rateLimited);
  });

  it('survives random and truncated binary messages while other rooms keep working', async () => {
    const sentinelRoom = 'acme/agreement/sentinel';
    const writer = await provider(sentinelRoom, await editorToken('writer'));
    const reader = await provider(sentinelRoom, await editorToken('reader'));
    await Promise.all([writer.synced(), reader.synced()]);

    const sample = new Y.Doc();
    sample.getText('t').insert(0, 'hello');
    sample.getMap('m').set('k', [1, 2, 3]);
    sample.getArray('a').push([{ id: 'x' }]);
    const validUpdate = Y.encodeStateAsUpdate(sample);
    const validMessages = [
      syncMessage(0, Y.encodeStateVector(sample)),
      syncMessage(1, validUpdate),
      syncMessage(2, validUpdate),
      new Uint8Array([1, ...encodingOf(validUpdate.length), ...validUpdate]),
    ];
    const hostile = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 300 }),
      fc
        .tuple(fc.constantFrom(...validMessages), fc.nat())
        .map(([message, cut]) => message.subarray(0, cut % (message.length + 1))),
      fc
        .tuple(fc.constantFrom(...validMessages), fc.nat(), fc.integer({ min: 0, max: 255 }))
        .map(([message, at, value]) => {
          const copy = message.slice();
          copy[at % copy.length] = value;
          return copy;
        }),
      fc
        .tuple(fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 200 }))
        .map(([step, payload]) => syncMessage(step, payload)),
    );

    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 6 }), async (messages) => {
        round++;
        const raw = connectRaw(relay.url, 'acme/agreement/fuzz', await editorToken('fuzzer'));
        await raw.opened;
        for (const message of messages) raw.send(message);
        // A sync step 1 at the end: its answer proves every message before it was processed.
        raw.send(syncMessage(0, new Uint8Array([0])));
        const answered = waitFor(() => raw.messages.some((m) => m[0] === 0 && m[1] === 1), {
          what: 'a sync step 2',
        });
        await Promise.race([answered, raw.closed]);
        raw.ws.terminate();
        writer.doc.getMap('rounds').set('last', round);
        await waitFor(() => reader.doc.getMap('rounds').get('last') === round, {
          what: `sentinel room in round ${round}`,
        });
      }),
      { seed: 20261122, numRuns: 150 },
    );
    expect((await relay.healthz()).status).toBe('ok');
    // The fuzzed room itself still serves legitimate clients after storing whatever decoded.
    const after = await provider('acme/agreement/fuzz', await editorToken('after'));
    const peer = await provider('acme/agreement/fuzz', await editorToken('peer'));
    await Promise.all([after.synced(), peer.synced()]);
    after.doc.getText('notes').insert(0, 'still works');
    await waitFor(() => peer.doc.getText('notes').toString() === 'still works', {
      what: 'the fuzzed room to relay',
    });
  });

  // Only where there is another relay (defined there alone, not skipped elsewhere).
  if (store.hasPeer)
    it('leaves the other relay holding exactly what this one holds in every room', async () => {
      const other = peer as RunningRelay;
      const token = await editorToken('auditor');
      const stateOf = async (url: string, room: string) => {
        const client = connectProvider(url, room, token);
        clients.push(client);
        await client.synced();
        return Y.decodeStateVector(Y.encodeStateVector(client.doc));
      };
      expect(roomsUsed.size).toBeGreaterThan(5);
      for (const room of roomsUsed) {
        const here = await stateOf(relay.url, room);
        await waitFor(
          async () =>
            JSON.stringify([...(await stateOf(other.url, room))].sort()) === JSON.stringify([...here].sort()),
          {
            what: `the other relay holding what this one holds in ${room}`,
            intervalMs: 200,
          },
        );
      }
    });

  it('bounds connections that never authenticate and recovers once they go away', async () => {
    const flood: Socket[] = [];
    const closedByRelay: Socket[] = [];
    for (let i = 0; i < 60; i++) {
      const socket = connectTcp(relay.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.on('close', () => closedByRelay.push(socket));
      // Half-written handshakes: the relay cannot tell these from slow clients until the limit.
      socket.write('GET /acme/agreement/a1 HTTP/1.1\r\nHost: x\r\n');
      flood.push(socket);
    }
    await waitFor(() => closedByRelay.length >= 60 - maxPending, { what: 'the relay to refuse the excess' });
    expect(flood.filter((socket) => !socket.destroyed).length).toBeLessThanOrEqual(maxPending);
    // While the flood holds every pending slot, even a valid client from that address waits its turn.
    const blocked = connectRaw(relay.url, 'acme/agreement/a1', await editorToken());
    expect((await blocked.closed).code).not.toBe(CloseCode.normal);
    for (const socket of flood) socket.destroy();

    const client = await provider('acme/agreement/after-flood', await editorToken());
    await client.synced();
    expect(
      await relay.metric('pactline_relay_rejected_connections_total', { reason: 'too_many_pending' }),
    ).toBeGreaterThanOrEqual(60 - maxPending);
    expect((await relay.stats()).pendingConnections).toBe(0);
  });
});

function encodingOf(length: number): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, length);
  return [...encoding.toUint8Array(encoder)];
}
