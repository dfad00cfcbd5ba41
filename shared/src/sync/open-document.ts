import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { messageQueryAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../relay/close-codes.js';
import { Acknowledgements } from './acknowledgements.js';
import {
  type CloseEventLike,
  deferMicrotask,
  platformWebSocket,
  realScheduler,
  type Scheduler,
  type WebSocketConstructor,
  type WebSocketLike,
  webSocketClosed,
} from './browser-globals.js';
import {
  indexeddbPersistence,
  type LocalPersistence,
  type LocalPersistenceFactory,
} from './local-persistence.js';
import {
  type Peer,
  type PresenceResult,
  type PresenceUser,
  readPeers,
  setLocalPresence,
} from './presence.js';
import { type BackoffOptions, defaultBackoff, reconnectDelayMs } from './reconnect-delay.js';

/**
 * Opens one document: its local copy first (IndexedDB), then the relay through y-websocket, so that
 * the first exchange carries only the differences.
 *
 * Reconnection is ours, not y-websocket's: its backoff has no jitter and it stops on any 44xx code,
 * while our relay uses 4429 and 4408 for transient refusals. On every close we take the provider's
 * `shouldConnect` away before its own retry timer fires (that timer is then a no-op, and
 * `maxBackoffTime: 0` makes it fire at once rather than linger), and schedule `connect()` after a
 * jittered delay. 4401 (token rejected), 4403 (room outside the token's workspace), 1009
 * (message too big) and 4413 (document at the relay's size limit) stop retrying: retrying cannot
 * fix them. `setToken` resumes after a 4401.
 *
 * Status: `connecting` until the relay's first sync step 2; then `unsent` while it is not known to
 * hold every local change (see acknowledgements.ts), `synced` once it is; `offline` otherwise.
 * While `unsent`, the connector keeps probing with backoff, and after a few answers that still
 * lack changes it sends them (once per document state), since y-websocket alone would not.
 */

/**
 * Unconfirming probe answers after which the relay is sent what it still lacks. A relay that
 * answers a sync step 1 before storing the updates that preceded it may need a few answers to
 * catch up (a resend then only duplicates what it is storing); for one that answers in order, the
 * first answer already tells, and waiting for three delays the resend by a few hundred ms.
 */
const resendAfterUnconfirmedAnswers = 3;

export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'unsent';

export type StopReason = {
  code:
    | 'token_rejected'
    | 'forbidden'
    | 'message_too_big'
    | 'document_too_big'
    | 'append_only'
    | 'no_websocket';
  closeCode: number;
  message: string;
};

export type SyncState = {
  status: SyncStatus;
  /** Local changes the relay is not known to hold, whether or not it is reachable. */
  hasUnsentChanges: boolean;
  /** Whether the local copy has been loaded (or there is none). */
  isLocalLoaded: boolean;
  /** Set when the local store could not be opened; the document still syncs with the relay. */
  localError?: string;
  /** Set when the connector stopped retrying, with why. */
  stopped?: StopReason;
  /** The delay of the scheduled reconnect, while offline and retrying. */
  retryInMs?: number;
};

export type OpenDocumentOptions = {
  /** `ws://host:port` or `wss://host`; the room and token are appended. */
  relayUrl: string;
  token: string;
  /** The document to fill; a new one by default. `destroy()` destroys it either way. */
  doc?: Y.Doc;
  WebSocketPolyfill?: WebSocketConstructor;
  /** The device store; `null` for none. Defaults to y-indexeddb under `localName`. */
  localPersistence?: LocalPersistenceFactory | null;
  /** Name of the local store; `pactline:<room>` by default. */
  localName?: string;
  /** Cross-tab sync through BroadcastChannel (y-websocket's); on by default. */
  isBroadcastChannelEnabled?: boolean;
  random?: () => number;
  scheduler?: Scheduler;
  backoff?: BackoffOptions;
  /** Give up on a socket that has not opened after this long and retry. */
  connectTimeoutMs?: number;
  /**
   * While connected, ask the relay for presence this often. y-websocket drops a connection on
   * which nothing arrived for 30 s; a relay that does not echo a client's own presence back leaves
   * a lone client on an idle document with nothing to receive, so it would reconnect every 30 s.
   */
  keepaliveMs?: number;
  /**
   * Probes that did not confirm local changes are repeated after `initialMs`, doubling up to
   * `maxMs` (a relay may answer before it has stored what it received; a viewer's edits are never
   * stored). The same delays bound how long an unanswered probe is waited for.
   */
  probeBackoff?: BackoffOptions;
};

export type OpenedDocument = {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Resolves when the local copy is in the document (also when it failed to load: see `localError`). */
  readonly whenLocalLoaded: Promise<void>;
  getState(): SyncState;
  /** Calls `listener` with every new state; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void;
  setLocalUser(user: PresenceUser): PresenceResult;
  peers(): Peer[];
  /** Calls `listener` when peers change; returns the unsubscribe function. */
  subscribePeers(listener: (peers: Peer[]) => void): () => void;
  /** Uses a new token from the next connection on; resumes at once after a rejected token. */
  setToken(token: string): void;
  /** Connects now, skipping a scheduled retry, and resumes after a stop. */
  reconnect(): void;
  /** Closes the connection and the local store, clears every timer and destroys the document. */
  destroy(): Promise<void>;
};

/** Thrown when the connector's assumptions about y-websocket no longer hold (a changed version). */
export class SyncConnectorError extends Error {
  override readonly name = 'SyncConnectorError';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function sameState(a: SyncState, b: SyncState): boolean {
  return (
    a.status === b.status &&
    a.hasUnsentChanges === b.hasUnsentChanges &&
    a.isLocalLoaded === b.isLocalLoaded &&
    a.localError === b.localError &&
    a.stopped?.code === b.stopped?.code &&
    a.retryInMs === b.retryInMs
  );
}

function stopReasonFor(code: number, reason: string): StopReason | undefined {
  if (code === CloseCode.unauthorized) {
    return {
      code: 'token_rejected',
      closeCode: code,
      message: 'the relay rejected the token: sign in again',
    };
  }
  if (code === CloseCode.forbidden) {
    return {
      code: 'forbidden',
      closeCode: code,
      message: 'this document is outside the workspace of the token',
    };
  }
  if (code === CloseCode.messageTooBig) {
    return { code: 'message_too_big', closeCode: code, message: 'a change is larger than the relay accepts' };
  }
  if (code === CloseCode.appendOnly) {
    return {
      code: 'append_only',
      closeCode: code,
      message: `the relay refused a change to the handoff log${reason ? ` (${reason})` : ''}: changes stay on this device`,
    };
  }
  if (code === CloseCode.documentTooBig) {
    return {
      code: 'document_too_big',
      closeCode: code,
      message: 'this document is as large as the relay allows: changes stay on this device; ask an admin',
    };
  }
  return undefined;
}

export function openDocument(room: string, options: OpenDocumentOptions): OpenedDocument {
  const doc = options.doc ?? new Y.Doc();
  const scheduler = options.scheduler ?? realScheduler;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? defaultBackoff;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const keepaliveMs = options.keepaliveMs ?? 10_000;
  const probeBackoff = options.probeBackoff ?? { initialMs: 50, maxMs: 5_000 };
  const WebSocketPolyfill = options.WebSocketPolyfill ?? platformWebSocket();
  const awareness = new Awareness(doc);
  const acknowledgements = new Acknowledgements(doc);
  const listeners = new Set<(state: SyncState) => void>();

  let provider: WebsocketProvider | null = null;
  let token = options.token;
  let isDestroyed = false;
  let isLocalLoaded = false;
  let localError: string | undefined;
  let stopped: StopReason | undefined;
  let attempt = 0;
  let retryTimer: unknown = null;
  let retryInMs: number | undefined;
  let connectTimer: unknown = null;
  let keepaliveTimer: unknown = null;
  let probeTimer: unknown = null;
  let isProbeInFlight = false;
  let isProbeWanted = false;
  let probeRetries = 0;
  let resentStateVector: Uint8Array | null = null;
  let state: SyncState = { status: 'offline', hasUnsentChanges: false, isLocalLoaded: false };

  const factory = options.localPersistence === undefined ? indexeddbPersistence : options.localPersistence;
  const persistence: LocalPersistence | null =
    factory === null ? null : factory(options.localName ?? `pactline:${room}`, doc);

  function computeState(): SyncState {
    const hasUnsentChanges = acknowledgements.hasUnsent();
    let status: SyncStatus = 'offline';
    if (!isDestroyed && stopped === undefined && provider !== null) {
      if (provider.wsconnected && provider.synced) status = hasUnsentChanges ? 'unsent' : 'synced';
      else if (provider.wsconnecting || provider.wsconnected) status = 'connecting';
    }
    const next: SyncState = { status, hasUnsentChanges, isLocalLoaded };
    if (localError !== undefined) next.localError = localError;
    if (stopped !== undefined) next.stopped = stopped;
    if (status === 'offline' && retryInMs !== undefined) next.retryInMs = retryInMs;
    return next;
  }

  function publish(): void {
    const next = computeState();
    if (sameState(next, state)) return;
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch (error) {
        // A failing listener must not break y-websocket's event dispatch or the other listeners;
        // its error still surfaces, as an unhandled rejection.
        void Promise.reject(error);
      }
    }
  }

  let savedRelayStateVector: Uint8Array | null = null;
  let isSavingRelayStateVector = false;

  /** Keeps what the relay holds beside the local copy: one write at a time, the latest wins. */
  function saveRelayStateVector(): void {
    const write = persistence?.writeRelayStateVector;
    if (persistence === null || write === undefined || isSavingRelayStateVector || localError !== undefined)
      return;
    const current = acknowledgements.serverStateVector();
    if (current === null || (savedRelayStateVector !== null && sameBytes(current, savedRelayStateVector)))
      return;
    isSavingRelayStateVector = true;
    write
      .call(persistence, current)
      .then(
        () => {
          savedRelayStateVector = current;
        },
        () => {
          // Not kept: after a reload, offline changes just will not count as unsent.
        },
      )
      .finally(() => {
        isSavingRelayStateVector = false;
        if (!isDestroyed) saveRelayStateVector();
      });
  }

  function clearTimer(handle: unknown): null {
    if (handle !== null) scheduler.clearTimeout(handle);
    return null;
  }

  function sendProbe(): void {
    const socket = provider?.ws as WebSocketLike | null | undefined;
    if (isDestroyed || provider === null || !provider.wsconnected || socket == null) return;
    if (!acknowledgements.hasUnsent()) return;
    if (isProbeInFlight) {
      isProbeWanted = true;
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, acknowledgements.probeStateVector());
    isProbeInFlight = true;
    isProbeWanted = false;
    socket.send(encoding.toUint8Array(encoder));
    // An answer that does not come (a relay that answers step 1 later, or not at all) is retried.
    probeTimer = clearTimer(probeTimer);
    probeTimer = scheduler.setTimeout(() => {
      probeTimer = null;
      isProbeInFlight = false;
      sendProbe();
    }, probeBackoff.maxMs);
  }

  /**
   * Sends the relay what it is still not known to hold after several probes. y-websocket sends only
   * this document's own edits and answers to the relay's sync step 1; structs that arrived from
   * another tab or from the local store while connected would otherwise wait for the next
   * connection. Once per state of the document, so a relay that keeps refusing them (a viewer's
   * edits) is not sent the same changes again and again.
   */
  function resendUnconfirmed(): void {
    const socket = provider?.ws as WebSocketLike | null | undefined;
    if (provider === null || !provider.wsconnected || socket == null) return;
    const localStateVector = Y.encodeStateVector(doc);
    if (resentStateVector !== null && sameBytes(resentStateVector, localStateVector)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep2(encoder, doc, acknowledgements.serverStateVector() ?? new Uint8Array([0]));
    socket.send(encoding.toUint8Array(encoder));
    resentStateVector = localStateVector;
  }

  function probeRetryDelayMs(): number {
    probeRetries += 1;
    return Math.min(probeBackoff.maxMs, probeBackoff.initialMs * 2 ** Math.min(probeRetries - 1, 30));
  }

  /** Reads what the relay's sync messages prove it holds, then lets y-websocket handle them. */
  function watchServerMessages(target: WebsocketProvider): void {
    const handleSync = target.messageHandlers[messageSync];
    if (handleSync === undefined) throw new SyncConnectorError('y-websocket has no sync message handler');
    target.messageHandlers[messageSync] = (encoder, decoder, handler, emitSynced, messageType) => {
      // `emitSynced` is false for messages from other tabs (BroadcastChannel), which prove nothing.
      if (emitSynced) {
        const peek = decoding.clone(decoder);
        const syncType = decoding.readVarUint(peek);
        const payload = decoding.readVarUint8Array(peek);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          acknowledgements.noteServerStateVector(payload);
          // After y-websocket has sent its answer (our differences), ask whether they arrived.
          deferMicrotask(sendProbe);
        } else {
          acknowledgements.noteServerUpdate(payload, syncType === syncProtocol.messageYjsSyncStep2);
          if (syncType === syncProtocol.messageYjsSyncStep2) {
            isProbeInFlight = false;
            probeTimer = clearTimer(probeTimer);
            if (isProbeWanted) {
              deferMicrotask(sendProbe);
            } else if (acknowledgements.hasUnsent()) {
              // A relay may answer before it has stored what preceded the probe: ask again later.
              const retryDelayMs = probeRetryDelayMs();
              if (probeRetries >= resendAfterUnconfirmedAnswers) resendUnconfirmed();
              probeTimer = scheduler.setTimeout(() => {
                probeTimer = null;
                sendProbe();
              }, retryDelayMs);
            } else {
              probeRetries = 0;
            }
          }
        }
      }
      handleSync(encoder, decoder, handler, emitSynced, messageType);
      deferMicrotask(publish);
      if (emitSynced) saveRelayStateVector();
    };
  }

  function scheduleReconnect(): void {
    if (isDestroyed || stopped !== undefined) return;
    attempt += 1;
    retryInMs = reconnectDelayMs(attempt, random, backoff);
    retryTimer = clearTimer(retryTimer);
    retryTimer = scheduler.setTimeout(() => {
      retryTimer = null;
      retryInMs = undefined;
      connectNow();
    }, retryInMs);
  }

  function connectNow(): void {
    if (isDestroyed || provider === null) return;
    retryTimer = clearTimer(retryTimer);
    retryInMs = undefined;
    provider.params = { ...provider.params, token };
    provider.connect();
    publish();
  }

  function scheduleKeepalive(): void {
    keepaliveTimer = clearTimer(keepaliveTimer);
    keepaliveTimer = scheduler.setTimeout(() => {
      keepaliveTimer = null;
      const socket = provider?.ws as WebSocketLike | null | undefined;
      if (isDestroyed || provider === null || !provider.wsconnected || socket == null) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageQueryAwareness);
      socket.send(encoding.toUint8Array(encoder));
      scheduleKeepalive();
    }, keepaliveMs);
  }

  function onConnectionClose(event: CloseEventLike | null): void {
    if (provider === null) return;
    // Take the reconnect away from y-websocket: its timer, already scheduled, becomes a no-op.
    provider.shouldConnect = false;
    connectTimer = clearTimer(connectTimer);
    keepaliveTimer = clearTimer(keepaliveTimer);
    probeTimer = clearTimer(probeTimer);
    isProbeInFlight = false;
    if (isDestroyed) return;
    const reason = event === null ? undefined : stopReasonFor(event.code, event.reason);
    if (reason !== undefined) stopped = reason;
    else scheduleReconnect();
    deferMicrotask(publish);
  }

  function onStatus({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void {
    if (status === 'connecting') {
      connectTimer = clearTimer(connectTimer);
      const socket = provider?.ws as WebSocketLike | null | undefined;
      connectTimer = scheduler.setTimeout(() => {
        connectTimer = null;
        // Closing a socket that never opened makes it report its close, which schedules the retry.
        if (provider?.ws === socket && provider?.wsconnected === false) socket?.close();
      }, connectTimeoutMs);
    } else {
      connectTimer = clearTimer(connectTimer);
      if (status === 'connected') scheduleKeepalive();
    }
    publish();
  }

  function onSynced(isSynced: boolean): void {
    if (isSynced) attempt = 0;
    publish();
  }

  const onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    // Before the provider exists, a null origin is a local edit, not the provider's.
    if (
      (provider !== null && origin === provider) ||
      (persistence !== null && origin === persistence.origin)
    ) {
      // Changes from another tab (the provider's cross-tab channel) or from the local store can add
      // structs the relay is not known to hold, with no probe under way to find out: ask once.
      // While a probe or its retry is pending, that one answers for these changes too.
      deferMicrotask(() => {
        if (!isProbeInFlight && probeTimer === null) sendProbe();
        publish();
      });
      return;
    }
    acknowledgements.noteLocalUpdate(update);
    probeRetries = 0;
    deferMicrotask(() => {
      sendProbe();
      publish();
    });
  };
  doc.on('update', onLocalUpdate);

  function startProvider(): void {
    if (isDestroyed) return;
    if (WebSocketPolyfill === undefined) {
      stopped = {
        code: 'no_websocket',
        closeCode: 0,
        message: 'no WebSocket on this platform: pass WebSocketPolyfill',
      };
      publish();
      return;
    }
    provider = new WebsocketProvider(options.relayUrl, room, doc, {
      connect: false,
      awareness,
      params: { token },
      // y-websocket types the polyfill with the DOM's WebSocket, which shared does not load.
      WebSocketPolyfill: WebSocketPolyfill as never,
      maxBackoffTime: 0,
      disableBc: options.isBroadcastChannelEnabled === false,
      shouldReconnect: () => false,
    });
    watchServerMessages(provider);
    provider.on('connection-close', (event) => onConnectionClose(event as CloseEventLike | null));
    provider.on('status', onStatus);
    provider.on('sync', onSynced);
    provider.connect();
    publish();
  }

  async function loadLocalCopy(): Promise<void> {
    if (persistence === null) return;
    await persistence.whenLoaded;
    const stored = await persistence.readRelayStateVector?.().catch(() => undefined);
    if (stored !== undefined) {
      acknowledgements.noteServerStateVector(stored);
      savedRelayStateVector = stored;
    }
  }

  const whenLocalLoaded = loadLocalCopy().then(
    () => {
      isLocalLoaded = true;
    },
    (error: unknown) => {
      isLocalLoaded = true;
      localError = `the local copy could not be opened: ${error instanceof Error ? error.message : String(error)}`;
    },
  );
  void whenLocalLoaded.then(() => {
    publish();
    startProvider();
  });

  return {
    room,
    doc,
    awareness,
    whenLocalLoaded,
    // Computed on demand: subscribers hear of changes a microtask later, readers see them at once.
    getState: () => computeState(),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setLocalUser: (user) => setLocalPresence(awareness, user),
    peers: () => readPeers(awareness),
    subscribePeers(listener) {
      const onChange = () => listener(readPeers(awareness));
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    setToken(next) {
      token = next;
      if (stopped?.code === 'token_rejected') {
        stopped = undefined;
        attempt = 0;
        connectNow();
      }
    },
    reconnect() {
      stopped = undefined;
      attempt = 0;
      connectNow();
    },
    async destroy() {
      if (isDestroyed) return;
      isDestroyed = true;
      retryTimer = clearTimer(retryTimer);
      connectTimer = clearTimer(connectTimer);
      keepaliveTimer = clearTimer(keepaliveTimer);
      probeTimer = clearTimer(probeTimer);
      retryInMs = undefined;
      doc.off('update', onLocalUpdate);
      const socket = provider?.ws as WebSocketLike | null | undefined;
      const socketClosed =
        socket == null || socket.readyState === webSocketClosed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              socket.addEventListener('close', () => resolve());
            });
      provider?.destroy();
      awareness.destroy();
      await whenLocalLoaded;
      const finalStateVector = acknowledgements.serverStateVector();
      if (finalStateVector !== null && localError === undefined) {
        const isSaved = savedRelayStateVector !== null && sameBytes(finalStateVector, savedRelayStateVector);
        if (!isSaved) await persistence?.writeRelayStateVector?.(finalStateVector).catch(() => undefined);
      }
      await persistence?.destroy();
      doc.destroy();
      await socketClosed;
      publish();
      listeners.clear();
    },
  };
}
