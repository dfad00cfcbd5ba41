import 'fake-indexeddb/auto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { type CloseEventLike, realScheduler, type Scheduler, type WebSocketLike } from './browser-globals.js';
import { indexeddbPersistence } from './local-persistence.js';
import { type OpenedDocument, openDocument, type SyncState } from './open-document.js';
import { reconnectDelayMs } from './reconnect-delay.js';

/**
 * The connector without a network: a scripted socket and a manual scheduler. Real sockets against
 * a real relay are in test/sync-client.
 */

class ScriptedSocket implements WebSocketLike {
  static created: ScriptedSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: CloseEventLike) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  private closeListeners = new Set<(event: CloseEventLike) => void>();
  constructor(readonly url: string) {
    ScriptedSocket.created.push(this);
  }
  send(data: Uint8Array | ArrayBuffer): void {
    this.sent.push(new Uint8Array(data));
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  close(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    const event = { code, reason };
    this.onclose?.(event);
    for (const listener of this.closeListeners) listener(event);
  }
  /** Delivers a message from the relay. */
  receive(message: Uint8Array): void {
    this.onmessage?.({ data: message.slice().buffer });
  }
  addEventListener(_type: 'close', listener: (event: CloseEventLike) => void): void {
    this.closeListeners.add(listener);
  }
  removeEventListener(_type: 'close', listener: (event: CloseEventLike) => void): void {
    this.closeListeners.delete(listener);
  }
}

class ManualScheduler implements Scheduler {
  private nextId = 1;
  readonly pending = new Map<number, { callback: () => void; delayMs: number }>();
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { callback, delayMs });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }
  /** Runs the timer with this delay (the reconnect), leaving the others. */
  fire(delayMs: number): void {
    for (const [id, timer] of this.pending) {
      if (timer.delayMs === delayMs) {
        this.pending.delete(id);
        timer.callback();
        return;
      }
    }
    throw new Error(`no timer of ${delayMs} ms; pending: ${this.delays().join(', ')}`);
  }
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let round = 0; round < 500; round++) {
    const value = read();
    if (value !== undefined) return value;
    // Let IndexedDB callbacks and promise chains run; fake-indexeddb schedules them as macrotasks.
    await new Promise((resolve) => realScheduler.setTimeout(() => resolve(undefined), 0));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type RejectionListener = (reason: unknown) => void;
/** Node's process, typed minimally: shared compiles without Node types. */
const nodeProcess = (
  globalThis as unknown as {
    process: {
      on(event: 'unhandledRejection', listener: RejectionListener): void;
      off(event: 'unhandledRejection', listener: RejectionListener): void;
    };
  }
).process;

const opened: OpenedDocument[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((document) => document.destroy()));
  ScriptedSocket.created = [];
});

function open(room: string, extra: Partial<Parameters<typeof openDocument>[1]> = {}) {
  const scheduler = new ManualScheduler();
  const randoms = [0.1, 0.9, 0.5, 0.3];
  let draw = 0;
  const document = openDocument(room, {
    relayUrl: 'ws://relay.test/',
    token: 'token-1',
    WebSocketPolyfill: ScriptedSocket,
    isBroadcastChannelEnabled: false,
    scheduler,
    random: () => randoms[draw++ % randoms.length] ?? 0,
    backoff: { initialMs: 1_000, maxMs: 60_000 },
    connectTimeoutMs: 7_777,
    keepaliveMs: 9_999,
    ...extra,
  });
  opened.push(document);
  const states: SyncState[] = [];
  document.subscribe((state) => states.push(state));
  return { document, scheduler, states };
}

/** A document whose local persistence is another tab of the same browser (origin `other-tab`). */
function openBesideOtherTab(room: string, probeInitialMs: number) {
  return open(room, {
    localPersistence: () => ({
      origin: 'other-tab',
      whenLoaded: Promise.resolve(),
      destroy: async () => {},
    }),
    probeBackoff: { initialMs: probeInitialMs, maxMs: 60_000 },
  });
}

/** A y-protocols sync message (type 0) as the relay sends it. */
function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('openDocument without a network', () => {
  it('loads the IndexedDB copy before it connects, so the first message carries the full state vector', async () => {
    const stored = new Y.Doc();
    stored.getText('summary').insert(0, 'kept on this device');
    const seed = indexeddbPersistence('pactline:acme/agreement/a1', stored);
    await seed.whenLoaded;
    await seed.destroy();

    const { document } = open('acme/agreement/a1');
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    expect(document.getState().isLocalLoaded).toBe(true);
    expect(document.doc.getText('summary').toString()).toBe('kept on this device');
    expect(socket.url).toBe('ws://relay.test/acme/agreement/a1?token=token-1');
    socket.open();
    const first = decoding.createDecoder(socket.sent[0] ?? new Uint8Array());
    expect([decoding.readVarUint(first), decoding.readVarUint(first)]).toEqual([0, 0]);
    expect(Y.decodeStateVector(decoding.readVarUint8Array(first))).toEqual(
      Y.decodeStateVector(Y.encodeStateVector(stored)),
    );
  });

  it('reports a local store that cannot be opened and still syncs with the relay', async () => {
    const { document } = open('acme/agreement/a2', {
      localPersistence: () => ({
        origin: null,
        whenLoaded: Promise.reject(new Error('quota exceeded')),
        destroy: async () => {},
      }),
    });
    await until(() => ScriptedSocket.created[0], 'a socket');
    expect(document.getState().localError).toContain('quota exceeded');
    expect(document.getState().status).toBe('connecting');
  });

  it('retries after each failure with the jittered delay of the injected random source', async () => {
    const { document, scheduler } = open('acme/agreement/a3', { localPersistence: null });
    const first = await until(() => ScriptedSocket.created[0], 'a socket');
    expect(scheduler.delays()).toEqual([7_777]);
    first.close(1006);
    await until(() => (document.getState().status === 'offline' ? true : undefined), 'offline');
    const firstDelay = reconnectDelayMs(1, () => 0.1, { initialMs: 1_000, maxMs: 60_000 });
    expect(firstDelay).toBe(550);
    expect(scheduler.delays()).toEqual([firstDelay]);
    expect(document.getState()).toMatchObject({ status: 'offline', retryInMs: firstDelay });
    expect(ScriptedSocket.created).toHaveLength(1);
    scheduler.fire(firstDelay);
    expect(ScriptedSocket.created).toHaveLength(2);
    ScriptedSocket.created[1]?.close(1006);
    await until(
      () => (scheduler.delays().length === 1 && scheduler.delays()[0] !== 7_777 ? true : undefined),
      'retry',
    );
    expect(scheduler.delays()).toEqual([reconnectDelayMs(2, () => 0.9, { initialMs: 1_000, maxMs: 60_000 })]);
    expect(scheduler.delays()).toEqual([1_900]);
  });

  it('gives up on a socket that never opens and retries', async () => {
    const { scheduler } = open('acme/agreement/a4', { localPersistence: null });
    const first = await until(() => ScriptedSocket.created[0], 'a socket');
    scheduler.fire(7_777);
    expect(first.readyState).toBe(3);
    await until(() => (scheduler.delays().includes(550) ? true : undefined), 'a retry');
  });

  it('stops on a rejected token, says why, and resumes with a new token', async () => {
    const { document, scheduler } = open('acme/agreement/a5', { localPersistence: null });
    const first = await until(() => ScriptedSocket.created[0], 'a socket');
    first.open();
    first.close(4401, 'token expired');
    await until(() => document.getState().stopped, 'a stop');
    expect(document.getState()).toMatchObject({
      status: 'offline',
      stopped: { code: 'token_rejected', closeCode: 4401 },
    });
    expect(scheduler.delays()).toEqual([]);
    document.setToken('token-2');
    const second = await until(() => ScriptedSocket.created[1], 'a new socket');
    expect(second.url).toBe('ws://relay.test/acme/agreement/a5?token=token-2');
    expect(document.getState().stopped).toBeUndefined();
  });

  it('stops on a forbidden room but keeps retrying after a rate limit', async () => {
    const forbidden = open('globex/agreement/a6', { localPersistence: null });
    (await until(() => ScriptedSocket.created[0], 'a socket')).close(4403);
    await until(() => forbidden.document.getState().stopped, 'a stop');
    expect(forbidden.document.getState().stopped?.code).toBe('forbidden');
    expect(forbidden.scheduler.delays()).toEqual([]);

    const limited = open('acme/agreement/a7', { localPersistence: null });
    (await until(() => ScriptedSocket.created[1], 'a socket')).close(4429);
    await until(() => (limited.scheduler.delays().length > 0 ? true : undefined), 'a retry');
    expect(limited.document.getState().stopped).toBeUndefined();
    expect(limited.scheduler.delays()).toEqual([550]);
  });

  it('counts edits made before the relay answered as unsent', async () => {
    const { document, states } = open('acme/agreement/a8', { localPersistence: null });
    await until(() => ScriptedSocket.created[0], 'a socket');
    document.doc.getMap('meta').set('title', 'Draft');
    await until(() => (document.getState().hasUnsentChanges ? true : undefined), 'unsent');
    expect(states.at(-1)).toMatchObject({ status: 'connecting', hasUnsentChanges: true });
  });

  it('keeps asking until the relay holds a change, when it answered before storing it', async () => {
    const { document, scheduler } = open('acme/agreement/a10', {
      localPersistence: null,
      probeBackoff: { initialMs: 4_321, maxMs: 60_000 },
    });
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    socket.open();
    const relayDoc = new Y.Doc();
    socket.receive(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, relayDoc)));
    const answer = (stateVector: Uint8Array) =>
      syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, stateVector));
    socket.receive(answer(new Uint8Array([0])));
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'synced');

    document.doc.getMap('meta').set('title', 'Draft');
    expect(document.getState().status).toBe('unsent');
    const lastProbe = async (count: number) => {
      const probe = await until(() => {
        const probes = socket.sent.filter((message) => message[0] === 0 && message[1] === 0);
        return probes.length >= count ? probes.at(-1) : undefined;
      }, `probe ${count}`);
      const decoder = decoding.createDecoder(probe);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      return decoding.readVarUint8Array(decoder);
    };
    // Sent: the initial step 1, then the probe after the edit.
    const firstProbe = await lastProbe(2);
    expect(Y.decodeStateVector(firstProbe).has(document.doc.clientID)).toBe(false);
    socket.receive(answer(firstProbe));
    await until(() => (scheduler.delays().includes(4_321) ? true : undefined), 'a probe retry');
    expect(document.getState().status).toBe('unsent');
    // The relay stores the update, then the retried probe confirms it.
    for (const message of socket.sent) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) continue;
      Y.applyUpdate(relayDoc, decoding.readVarUint8Array(decoder));
    }
    scheduler.fire(4_321);
    socket.receive(answer(await lastProbe(3)));
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'confirmed');
    expect(document.getState().hasUnsentChanges).toBe(false);
  });

  it('asks the relay about changes that reach the document from another tab once synced, and confirms those it holds', async () => {
    const { document } = openBesideOtherTab('acme/agreement/a12', 4_321);
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    socket.open();
    const relayDoc = new Y.Doc();
    socket.receive(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, relayDoc)));
    socket.receive(
      syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, new Uint8Array([0]))),
    );
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'synced');
    const probesSent = () => socket.sent.filter((message) => message[0] === 0 && message[1] === 0);
    const probesBefore = probesSent().length;

    // A colleague's edit reached the relay and, through another tab, this document, but the relay
    // has not sent it on this connection: the connector does not know the relay holds it.
    const colleague = new Y.Doc();
    colleague.getMap('meta').set('title', 'From the other tab');
    Y.applyUpdate(relayDoc, Y.encodeStateAsUpdate(colleague));
    Y.applyUpdate(document.doc, Y.encodeStateAsUpdate(colleague), 'other-tab');
    expect(document.getState()).toMatchObject({ status: 'unsent', hasUnsentChanges: true });

    const probe = await until(() => probesSent().at(probesBefore), 'a probe after the other tab’s change');
    const decoder = decoding.createDecoder(probe);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const probeStateVector = decoding.readVarUint8Array(decoder);
    expect(Y.decodeStateVector(probeStateVector).has(colleague.clientID)).toBe(false);
    socket.receive(
      syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, probeStateVector)),
    );
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'confirmed');
    expect(document.getState().hasUnsentChanges).toBe(false);
  });

  it('sends the relay changes from another tab that it still lacks after a few probes, once', async () => {
    const { document, scheduler } = openBesideOtherTab('acme/agreement/a13', 1_000);
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    socket.open();
    const relayDoc = new Y.Doc();
    socket.receive(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, relayDoc)));
    socket.receive(
      syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, new Uint8Array([0]))),
    );
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'synced');
    const ofType = (syncType: number) =>
      socket.sent.filter((message) => message[0] === 0 && message[1] === syncType);
    const payload = (message: Uint8Array) => {
      const decoder = decoding.createDecoder(message);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      return decoding.readVarUint8Array(decoder);
    };
    const step2sBefore = ofType(1).length;

    // Another tab wrote offline and closed before it could send: only this document has the change.
    const otherTab = new Y.Doc();
    otherTab.getMap('meta').set('title', 'Written in a closed tab');
    Y.applyUpdate(document.doc, Y.encodeStateAsUpdate(otherTab), 'other-tab');
    // Each probe is answered without it; the retries double from 1 s.
    for (const [answered, retryMs] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
    ] as const) {
      const probe = await until(
        () => (ofType(0).length >= 1 + answered ? ofType(0).at(-1) : undefined),
        `probe ${answered}`,
      );
      socket.receive(
        syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, payload(probe))),
      );
      await until(
        () => (scheduler.delays().includes(retryMs) ? true : undefined),
        `retry after ${retryMs} ms`,
      );
      expect(document.getState()).toMatchObject({ status: 'unsent', hasUnsentChanges: true });
      if (answered < 3) expect(ofType(1).length).toBe(step2sBefore);
      scheduler.fire(retryMs);
    }
    // After the third answer that lacked it, the change was sent, once.
    expect(ofType(1).length).toBe(step2sBefore + 1);
    const resent = ofType(1).at(-1);
    if (resent === undefined) throw new Error('no resend');
    Y.applyUpdate(relayDoc, payload(resent));
    expect(relayDoc.getMap('meta').get('title')).toBe('Written in a closed tab');
    const probe = await until(
      () => (ofType(0).length >= 5 ? ofType(0).at(-1) : undefined),
      'probe after the resend',
    );
    socket.receive(syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, relayDoc, payload(probe))));
    await until(() => (document.getState().status === 'synced' ? true : undefined), 'confirmed');
    expect(ofType(1).length).toBe(step2sBefore + 1);
  });

  it('counts edits made while the local copy is still loading as local changes', async () => {
    let finishLoading = () => {};
    const { document } = open('acme/agreement/a11', {
      localPersistence: () => ({
        origin: 'store',
        whenLoaded: new Promise<void>((resolve) => {
          finishLoading = resolve;
        }),
        destroy: async () => {},
      }),
    });
    document.doc.getMap('meta').set('title', 'Typed before the store answered');
    expect(document.getState()).toMatchObject({
      status: 'offline',
      hasUnsentChanges: true,
      isLocalLoaded: false,
    });
    finishLoading();
    await document.whenLocalLoaded;
    await until(() => ScriptedSocket.created[0], 'a socket');
    expect(document.getState()).toMatchObject({
      status: 'connecting',
      hasUnsentChanges: true,
      isLocalLoaded: true,
    });
  });

  it('keeps notifying other subscribers when one of them throws', async () => {
    const { document, states } = open('acme/agreement/a12', { localPersistence: null });
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    nodeProcess.on('unhandledRejection', onRejection);
    try {
      document.subscribe(() => {
        throw new Error('a broken screen');
      });
      const socket = await until(() => ScriptedSocket.created[0], 'a socket');
      socket.close(4403);
      await until(() => states.at(-1)?.stopped, 'the stop reaches the healthy subscriber');
      await until(() => (failures.length > 0 ? true : undefined), 'the failure surfaces');
      expect(String(failures[0])).toContain('a broken screen');
    } finally {
      nodeProcess.off('unhandledRejection', onRejection);
    }
  });

  it('asks for presence while connected so an idle connection keeps receiving', async () => {
    const { scheduler } = open('acme/agreement/a13', { localPersistence: null });
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    expect(scheduler.delays()).not.toContain(9_999);
    socket.open();
    expect(scheduler.delays()).toEqual([9_999]);
    const sentBefore = socket.sent.length;
    scheduler.fire(9_999);
    expect(socket.sent.slice(sentBefore)).toEqual([new Uint8Array([3])]);
    expect(scheduler.delays()).toEqual([9_999]);
    socket.close(1006);
    await until(() => (scheduler.delays().includes(9_999) ? undefined : true), 'keepalive cleared');
    expect(scheduler.delays()).toEqual([550]);
  });

  it('still counts changes made offline before a reload as unsent', async () => {
    const room = 'acme/agreement/reloaded';
    const session = async () => {
      const { document } = open(room);
      await document.whenLocalLoaded;
      return document;
    };
    const first = await session();
    first.doc.getMap('meta').set('title', 'Sent');
    const socket = await until(() => ScriptedSocket.created.at(-1), 'a socket');
    socket.open();
    const relayDoc = new Y.Doc();
    Y.applyUpdate(relayDoc, Y.encodeStateAsUpdate(first.doc));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, relayDoc);
    socket.receive(encoding.toUint8Array(step1));
    expect(first.getState().hasUnsentChanges).toBe(false);
    opened.splice(opened.indexOf(first), 1);
    await first.destroy();

    const second = await session();
    expect(second.getState().hasUnsentChanges).toBe(false);
    second.doc.getMap('meta').set('title', 'Changed offline');
    expect(second.getState().hasUnsentChanges).toBe(true);
    opened.splice(opened.indexOf(second), 1);
    await second.destroy();

    const third = await session();
    expect(third.doc.getMap('meta').get('title')).toBe('Changed offline');
    expect(third.getState()).toMatchObject({ isLocalLoaded: true, hasUnsentChanges: true });
  });

  it('destroys everything: no timer left, socket closed, document destroyed', async () => {
    const { document, scheduler } = open('acme/agreement/a9', { localPersistence: null });
    const socket = await until(() => ScriptedSocket.created[0], 'a socket');
    socket.open();
    let isDocDestroyed = false;
    document.doc.on('destroy', () => {
      isDocDestroyed = true;
    });
    await document.destroy();
    expect(scheduler.delays()).toEqual([]);
    expect(socket.readyState).toBe(3);
    expect(isDocDestroyed).toBe(true);
    expect(document.getState().status).toBe('offline');
    expect(ScriptedSocket.created).toHaveLength(1);
  });
});
