import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CloseCode, canWrite, parseRoom, type RelayLimits, type TokenClaims } from '@pactline/shared';
import { WebSocket, WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { RoomFanout } from './fanout/redis-fanout.js';
import type { Log } from './log.js';
import { createMemoryReleaser } from './memory-release.js';
import { createRelayMetrics, type RejectReason, type RelayMetrics } from './metrics.js';
import { answerMetrics, type MetricsAccess } from './metrics-endpoint.js';
import { PendingConnections } from './pending-connections.js';
import { encodeSyncStep1, encodeSyncStep2, parseClientMessage, readAwarenessUpdate } from './protocol.js';
import { TokenBucket } from './rate-limiter.js';
import { Room, type RoomMember } from './room.js';
import { latestSchemaVersion } from './schema-guard.js';
import type { DocStore } from './storage/doc-store.js';
import type { StoreHealth } from './storage/store-health.js';
import { verifyToken } from './tokens.js';

/**
 * The relay: HTTP for health (`/healthz`: up, degraded or closing, and whether the store answers) and metrics (see
 * `metrics-endpoint.ts` for who may read them), and y-websocket rooms at `/<room>?token=<JWT>`.
 *
 * A connection is counted as pending for its IP from its first byte until its token and room are
 * accepted, which bounds what an unauthenticated address can hold open. Refusals still complete the
 * websocket handshake so that the client receives a close code it can act on (4401: get a new
 * token; 4403: wrong workspace) rather than a bare HTTP error.
 */
export type RelayOptions = {
  host: string;
  port: number;
  secret: string;
  store: DocStore;
  limits: RelayLimits;
  unloadAfterMs: number;
  compactAfterUpdates: number;
  log: Log;
  /**
   * A full garbage collection (`globalThis.gc` under `--expose-gc`), run once enough rooms were
   * unloaded to give their memory back; null or absent: memory is left to V8's own schedule.
   */
  collectGarbage?: (() => void) | null;
  nowMs?: () => number;
  /** Whether the document store answers, for `/healthz`; absent: always. */
  storeHealth?: () => StoreHealth;
  /** Called when a room is loaded (the watcher learns of workspaces this way). */
  onRoomLoaded?: (name: string) => void;
  /** Answers HTTP requests of other paths (the admin API); false: not one of its paths. */
  answerHttp?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /** Who may read `/metrics` on the relay's port; absent: nobody (metrics off). */
  metricsAccess?: MetricsAccess;
  /** Other relays sharing the rooms (through Redis); absent: this relay is the only one. */
  fanout?: RoomFanout;
};

/** A room held open by the relay itself, e.g. for the watcher; see `watcher/start-watcher.ts`. */
export type HeldRoom = {
  readonly doc: Y.Doc;
  write(update: Uint8Array): Promise<void>;
  release(): void;
};

export type Relay = {
  listen(): Promise<{ port: number }>;
  /** Stops accepting, closes connections, stores every room and closes the store. */
  close(): Promise<void>;
  metrics: RelayMetrics;
  /** Loads a room and keeps it loaded until released; writes are stored and broadcast like a client's. */
  holdRoom(name: string): Promise<HeldRoom>;
};

const heartbeatMs = 30_000;
const memoryRelease = { quietMs: 1000, maxWaitMs: 10_000, minIntervalMs: 5000, minUnloaded: 256 };
const closeReasonMaxBytes = 120;

type RoomEntry = {
  room: Room;
  state: 'loading' | 'loaded' | 'unloading';
  ready: Promise<void>;
  gone?: Promise<void>;
};

export function createRelay(options: RelayOptions): Relay {
  const { limits, log, store, fanout } = options;
  const nowMs = options.nowMs ?? Date.now;
  const metrics = createRelayMetrics();
  if (fanout !== undefined)
    metrics.observeFanout(
      () => fanout.stampsHeld(),
      () => fanout.health().isAvailable,
    );
  const { traffic } = metrics;
  const pending = new PendingConnections(limits.maxPendingConnectionsPerIp);
  metrics.observePending(() => pending.total);
  const metricsAccess = options.metricsAccess ?? { token: null, isSeparate: false };
  const releaseOf = new WeakMap<Socket, () => void>();
  const rooms = new Map<string, RoomEntry>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  const sockets = new Set<WebSocket>();
  let isClosing = false;
  const memory = createMemoryReleaser({
    ...memoryRelease,
    collect: options.collectGarbage ?? null,
    nowMs,
    onRelease: (release) => {
      metrics.memoryReleases.inc();
      log('info', 'memory released', { ...release, durationMs: Math.round(release.durationMs) });
    },
    onError: (error) => log('warn', 'garbage collection failed', { error: String(error) }),
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const server = createServer((req, res) => void handleHttp(req, res));
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  const reject = (reason: RejectReason) => metrics.rejectedConnections.inc({ reason });

  server.on('connection', (socket: Socket) => {
    const release = pending.admit(socket.remoteAddress ?? 'unknown');
    if (release === null) {
      reject('too_many_pending');
      socket.destroy();
      return;
    }
    releaseOf.set(socket, release);
    socket.once('close', release);
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    // A complete plain HTTP request is not a handshake in progress; idle keep-alive sockets are
    // closed by the server's keep-alive timeout instead.
    releaseOf.get(req.socket)?.();
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (req.method === 'GET' && path === '/healthz') {
      // Up, degraded or closing, and which dependency is down: figures are in /metrics. Degraded
      // still answers 200: the relay serves loaded rooms and recovers by itself, so a supervisor
      // that restarts on a failed health check must not restart it.
      const store = dependencyHealth(options.storeHealth?.() ?? { isAvailable: true });
      const redis = fanout === undefined ? undefined : dependencyHealth(fanout.health());
      const isDegraded = store.status !== 'ok' || (redis !== undefined && redis.status !== 'ok');
      res.writeHead(isClosing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          isClosing ? { status: 'closing' } : { status: isDegraded ? 'degraded' : 'ok', store, redis },
        ),
      );
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      await answerMetrics(req, res, metrics.registry, metricsAccess, 'relay');
      return;
    }
    if (options.answerHttp !== undefined && (await options.answerHttp(req, res, path))) return;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found', message: 'try /healthz or a websocket room' }));
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    void upgrade(req, socket, head);
  });

  async function upgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay');
    let roomName = '';
    try {
      roomName = decodeURIComponent(url.pathname.slice(1));
    } catch {
      roomName = '';
    }
    const auth = await verifyToken(options.secret, url.searchParams.get('token'), nowMs());
    let refusal: { code: number; reason: string; metric: RejectReason } | null = null;
    if (isClosing)
      refusal = { code: CloseCode.goingAway, reason: 'relay is shutting down', metric: 'shutting_down' };
    else if (!auth.ok) refusal = { code: CloseCode.unauthorized, reason: auth.message, metric: auth.code };
    else {
      const parsed = parseRoom(roomName);
      if (!parsed.ok) refusal = { code: CloseCode.forbidden, reason: parsed.message, metric: 'invalid_room' };
      else if (parsed.room.workspace !== auth.claims.ws) {
        refusal = {
          code: CloseCode.forbidden,
          reason: 'room is outside the workspace of the token',
          metric: 'forbidden_workspace',
        };
      }
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (refusal !== null || !auth.ok) {
        if (refusal) reject(refusal.metric);
        close(ws, refusal?.code ?? CloseCode.unauthorized, refusal?.reason ?? 'unauthorized');
        return;
      }
      releaseOf.get(socket)?.();
      void join(ws, roomName, auth.claims);
    });
  }

  /** Runs `run` after `delayMs`, however far off (setTimeout alone overflows past 24.8 days). */
  function atInstant(delayMs: number, run: () => void): { cancel(): void } {
    const longest = 2 ** 31 - 1;
    let timer: ReturnType<typeof setTimeout>;
    const wait = (remainingMs: number) => {
      timer = setTimeout(
        () => (remainingMs > longest ? wait(remainingMs - longest) : run()),
        Math.max(0, Math.min(remainingMs, longest)),
      );
      timer.unref();
    };
    wait(delayMs);
    return { cancel: () => clearTimeout(timer) };
  }

  function close(ws: WebSocket, code: number, reason: string) {
    if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
    ws.close(code, truncate(reason));
  }

  async function join(ws: WebSocket, roomName: string, claims: TokenClaims) {
    sockets.add(ws);
    metrics.connections.inc();
    const isWriter = canWrite(claims.role);
    const bucket = new TokenBucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * 2, nowMs());
    const queued: Uint8Array[] = [];
    let room: Room | null = null;
    let isAlive = true;
    let isGone = false;

    const drop = (code: number, reason: string, metricReason: string) => {
      metrics.closedConnections.inc({ reason: metricReason });
      close(ws, code, reason);
      // A consumer that does not read will not read the close frame either.
      if (code === CloseCode.slowConsumer) setTimeout(() => ws.terminate(), 1000).unref();
    };

    const member: RoomMember = {
      send(message) {
        if (ws.readyState !== WebSocket.OPEN) return;
        // Judged on what the client has not read yet, not on this message: one message larger than
        // the limit (a big document's first sync) still goes to a client that keeps up.
        if (ws.bufferedAmount > limits.maxSendBufferBytes) {
          drop(CloseCode.slowConsumer, 'send buffer full: the client is not reading', 'slow_consumer');
          return;
        }
        traffic.messagesOut++;
        traffic.bytesOut += message.length;
        ws.send(message);
      },
      fail(reason) {
        drop(CloseCode.storeUnavailable, reason, 'store_unavailable');
      },
      userId: claims.sub,
      isRelay: claims.role === 'relay',
      isAdmin: claims.role === 'admin',
    };

    // Replies follow the order of the messages they answer: a sync step 1 sent after an update is
    // answered from a document that holds that update (and so confirms it is stored). `barrier` is
    // the last of this connection's updates (or replies waiting on one) not yet settled.
    let barrier: Promise<void> | null = null;
    const setBarrier = (promise: Promise<void>) => {
      barrier = promise;
      void promise.then(() => {
        if (barrier === promise) barrier = null;
      });
    };
    const reply = (answer: () => void) => {
      if (barrier === null) answer();
      else setBarrier(barrier.then(answer));
    };

    const handle = (current: Room, bytes: Uint8Array) => {
      const message = parseClientMessage(bytes);
      switch (message.type) {
        case 'sync-step1': {
          const { stateVector } = message;
          reply(() => {
            if (ws.readyState !== WebSocket.OPEN) return;
            let diff: Uint8Array;
            try {
              diff = current.missingFor(stateVector);
            } catch {
              drop(CloseCode.badMessage, 'state vector cannot be decoded', 'bad_message');
              return;
            }
            member.send(encodeSyncStep2(diff));
          });
          return;
        }
        case 'sync-step2':
        case 'update': {
          if (!isWriter) {
            metrics.droppedViewerUpdates.inc();
            return;
          }
          const received = current.receiveUpdate(message.update, member);
          if (received.status === 'malformed')
            drop(CloseCode.badMessage, 'update cannot be decoded', 'bad_message');
          else if (received.status === 'too_big')
            drop(CloseCode.documentTooBig, 'the document is at the relay size limit', 'document_too_big');
          else if (received.status === 'forbidden' && received.rule === 'append_only')
            drop(CloseCode.appendOnly, received.reason, `log_${received.breach}`);
          else if (received.status === 'forbidden')
            drop(
              CloseCode.forbidden,
              received.reason,
              received.rule === 'signature' ? 'forged_signature' : 'unknown_schema',
            );
          else if (received.status === 'stored') setBarrier(received.applied);
          return;
        }
        case 'awareness': {
          const read = readAwarenessUpdate(message.update);
          if (read === null) {
            drop(CloseCode.badMessage, 'awareness update cannot be decoded', 'bad_message');
            return;
          }
          if (read.largestStateBytes > limits.maxAwarenessBytes) {
            drop(CloseCode.messageTooBig, 'awareness state too big', 'awareness_too_big');
            return;
          }
          try {
            // Someone else's presence: ignored, not closed for, since a client back on a new
            // connection may briefly share its id with its old one until that one times out.
            if (current.applyAwareness(message.update, read.clientIds, member) === 'not_owner')
              metrics.droppedForeignAwareness.inc();
          } catch {
            drop(CloseCode.badMessage, 'awareness state is not JSON', 'bad_message');
          }
          return;
        }
        case 'query-awareness':
          reply(() => member.send(current.awarenessMessage()));
          return;
        case 'auth':
          return;
        case 'malformed':
          drop(CloseCode.badMessage, message.reason, 'bad_message');
          return;
      }
    };

    // binaryType stays ws's default 'nodebuffer', under which every message, text or binary,
    // arrives as one Buffer (fragments already joined).
    ws.on('message', (bytes: Buffer, isBinary: boolean) => {
      traffic.messagesIn++;
      traffic.bytesIn += bytes.length;
      if (!bucket.take(nowMs())) {
        drop(CloseCode.rateLimited, 'too many messages per second', 'rate_limited');
        return;
      }
      if (!isBinary) {
        drop(CloseCode.badMessage, 'text messages are not part of the protocol', 'bad_message');
        return;
      }
      if (room === null) queued.push(bytes);
      else handle(room, bytes);
    });
    ws.on('pong', () => {
      isAlive = true;
    });
    const heartbeat = setInterval(() => {
      if (!isAlive) ws.terminate();
      isAlive = false;
      ws.ping();
    }, heartbeatMs);
    heartbeat.unref();
    // A token is good until its expiry, not for as long as its socket stays open: closed then with
    // 4401, the client asks for a fresh one.
    const expiry = atInstant(claims.exp * 1000 - nowMs(), () =>
      drop(CloseCode.unauthorized, 'token expired', 'token_expired'),
    );
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      isGone = true;
      clearInterval(heartbeat);
      expiry.cancel();
      sockets.delete(ws);
      metrics.connections.dec();
      if (room) leave(roomName, room, member);
    });

    let joined: Room;
    try {
      joined = await acquire(roomName);
    } catch (error) {
      log('error', 'could not load room', { room: roomName, error: String(error) });
      drop(CloseCode.storeUnavailable, 'could not load the document: try again later', 'load_failed');
      return;
    }
    if (isGone) {
      scheduleUnloadIfIdle(roomName, joined);
      return;
    }
    room = joined;
    joined.add(member);
    member.send(encodeSyncStep1(joined.stateVector()));
    if (joined.hasAwareness) member.send(joined.awarenessMessage());
    for (const bytes of queued.splice(0)) {
      if (ws.readyState !== WebSocket.OPEN) break;
      handle(joined, bytes);
    }
  }

  async function acquire(name: string): Promise<Room> {
    for (;;) {
      const timer = unloadTimers.get(name);
      if (timer) {
        clearTimeout(timer);
        unloadTimers.delete(name);
      }
      const existing = rooms.get(name);
      if (existing === undefined) {
        const guards = guardsOf(name);
        const room = new Room(name, {
          store,
          log,
          compactAfterUpdates: options.compactAfterUpdates,
          maxDocumentBytes: limits.maxDocumentBytes,
          nowMs,
          ...guards,
          fanout: fanout && {
            publish: (peer) => fanout.publish(name, peer),
            publishAwareness: (update) => fanout.publishAwareness(name, update),
            holdsStamps: () => fanout.holdsStamps(name),
          },
        });
        const entry: RoomEntry = { room, state: 'loading', ready: joinAndLoad(name, room, guards) };
        rooms.set(name, entry);
        metrics.roomsLoaded.set(rooms.size);
        try {
          await entry.ready;
        } catch (error) {
          rooms.delete(name);
          metrics.roomsLoaded.set(rooms.size);
          fanout?.leave(name);
          room.doc.destroy();
          throw error;
        }
        entry.state = 'loaded';
        options.onRoomLoaded?.(name);
        return room;
      }
      if (existing.state === 'unloading') {
        await existing.gone;
        continue;
      }
      await existing.ready;
      if (rooms.get(name) === existing && existing.state === 'loaded') return existing.room;
    }
  }

  /**
   * With other relays, the room's channel is joined before the room is read from the store, so
   * that every update stored by another relay is in the load or arrives after it.
   */
  async function joinAndLoad(name: string, room: Room, guards: { stampsReceipts: boolean }) {
    await fanout?.join(
      name,
      {
        receive: (peer) => room.receivePeer(peer),
        receiveAwareness: (update) => room.receivePeerAwareness(update),
        awarenessAsked: () => room.sendAwarenessToPeers(),
        catchUp: () => void room.catchUp(),
        stampsTaken: () => void room.takeOverStamps(),
      },
      { stamps: guards.stampsReceipts },
    );
    await room.load();
  }

  function leave(name: string, room: Room, member: RoomMember) {
    room.remove(member);
    scheduleUnloadIfIdle(name, room);
  }

  function scheduleUnloadIfIdle(name: string, room: Room) {
    if (room.memberCount > 0 || isClosing || unloadTimers.has(name)) return;
    const timer = setTimeout(() => {
      unloadTimers.delete(name);
      const entry = rooms.get(name);
      if (entry?.room !== room || entry.state !== 'loaded' || room.memberCount > 0) return;
      void unload(name, entry);
    }, options.unloadAfterMs);
    unloadTimers.set(name, timer);
  }

  async function unload(name: string, entry: RoomEntry) {
    entry.state = 'unloading';
    // Other relays' updates from here on are in the store, which the compaction reads.
    fanout?.leave(name);
    entry.gone = entry.room
      .unload()
      .catch((error: unknown) => log('error', 'unload failed', { room: name, error: String(error) }))
      .finally(() => {
        if (rooms.get(name) === entry) rooms.delete(name);
        metrics.roomsLoaded.set(rooms.size);
        if (!isClosing) memory.roomUnloaded(rooms.size);
      });
    await entry.gone;
  }

  async function holdRoom(name: string): Promise<HeldRoom> {
    const room = await acquire(name);
    const holder: RoomMember = { send: () => {}, fail: () => {} };
    room.add(holder);
    let isHeld = true;
    return {
      doc: room.builtDoc(),
      write: (update) => room.writeInternal(update),
      release: () => {
        if (!isHeld) return;
        isHeld = false;
        leave(name, room, holder);
      },
    };
  }

  return {
    metrics,
    holdRoom,
    listen() {
      return new Promise((resolve, rejectListen) => {
        server.once('error', rejectListen);
        server.listen(options.port, options.host, () => {
          server.off('error', rejectListen);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },
    async close() {
      isClosing = true;
      memory.stop();
      server.close();
      for (const timer of unloadTimers.values()) clearTimeout(timer);
      unloadTimers.clear();
      for (const ws of sockets) close(ws, CloseCode.goingAway, 'relay is shutting down');
      const unloading = [...rooms.entries()].map(([name, entry]) =>
        entry.state === 'unloading' ? entry.gone : entry.ready.then(() => unload(name, entry)),
      );
      await Promise.allSettled(unloading);
      await fanout?.close();
      await store.close();
      for (const ws of sockets) ws.terminate();
      server.closeAllConnections();
    },
  };
}

/**
 * What a member's updates to the room are checked for (see `schema-guard.ts`, `signature-guard.ts`
 * and `log-guard.ts`), and whether the relay stamps each new entry with its time of receipt (logs).
 */
function guardsOf(name: string): {
  isSigned: boolean;
  isAppendOnly: boolean;
  stampsReceipts: boolean;
  latestSchemaVersion?: number;
} {
  const parsed = parseRoom(name);
  if (!parsed.ok) return { isSigned: false, isAppendOnly: false, stampsReceipts: false };
  return {
    isSigned: parsed.room.kind === 'agreement',
    isAppendOnly: parsed.room.kind === 'handoffs',
    stampsReceipts: parsed.room.kind === 'handoffs',
    latestSchemaVersion: latestSchemaVersion(parsed.room.kind),
  };
}

/** A dependency as `/healthz` says it: up, or down since when and why. */
function dependencyHealth(
  health: { isAvailable: true } | { isAvailable: false; sinceMs: number; error: string },
): { status: 'ok' } | { status: 'unavailable'; since: string; error: string } {
  return health.isAvailable
    ? { status: 'ok' }
    : { status: 'unavailable', since: new Date(health.sinceMs).toISOString(), error: health.error };
}

function truncate(reason: string): string {
  const bytes = Buffer.from(reason);
  if (bytes.length <= closeReasonMaxBytes) return reason;
  return `${bytes.subarray(0, closeReasonMaxBytes - 3).toString('utf8')}...`;
}
