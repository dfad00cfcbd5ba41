import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Several relays sharing every room through Redis: what one relay stores, the others' members
 * receive, and a handoff log has one relay writing its stamps (receipts and chain links).
 *
 * **Why nothing is lost.** Postgres is the record; Redis only shortens the path between relays.
 * A relay publishes an update on the room's channel after the store committed it (so a peer never
 * applies anything that is not stored), and a relay subscribes to a room's channel *before* it
 * loads the room from the store: an update committed before the load is in the load, one committed
 * after it is published to a subscription that already exists. Yjs applies an update it already
 * holds as a no-op, so the overlap costs nothing. Redis pub/sub delivers a channel's messages in
 * order to a connected subscriber or drops the connection (a slow subscriber is disconnected, not
 * skipped), so a gap only opens where a connection was lost, and each loss is mended from the store:
 * - the subscription's connection comes back → every loaded room reloads from the store and applies
 *   what it lacks (`catchUp`);
 * - a publish fails (Redis unreachable) → once Redis answers again the relay publishes a catch-up
 *   notice for that room, and every peer reloads it.
 * Pub/sub rather than one stream per room: both need the store as the catch-up path (a restarted
 * Redis without persistence has no streams either), and pub/sub needs no trimming nor a blocking
 * reader per relay whose list of streams changes with every room loaded.
 *
 * **One stamper per log.** A handoff log's receipts and chain links must come from one sequencer
 * (`log-stamps.ts`). The relays hold a lease per log room in Redis (`SET NX PX`, renewed while the
 * room is loaded, dropped when it unloads, taken by a peer within a renewal period, at once when its
 * holder says it let go). A relay stamps only while its lease is valid by its own clock, counted
 * from before the command that took or renewed it, so two relays never stamp at once. An entry that
 * arrives while no relay holds the lease (Redis unreachable for longer than a lease) is linked by the
 * next holder but has no time of receipt, like an entry stored just before a crash.
 *
 * **One watcher.** The watcher (judgements, escalations) runs on one relay of the group: the holder
 * of one more lease (`pactline:watcher`), taken over the same way when its holder dies. Workspaces
 * any relay has seen are kept in a Redis set, so the holder watches every one of them.
 */
export type PeerUpdate = {
  update: Uint8Array;
  /** The store's sequence number of the update. */
  seq: number;
  /** Whether a `relay` token wrote it (history: linked, never stamped as received). */
  isHistory: boolean;
};

export type FanoutRoom = {
  /** An update another relay stored and applied. */
  receive(peer: PeerUpdate): void;
  /** A presence update (y-protocols awareness) of another relay's clients. */
  receiveAwareness(update: Uint8Array): void;
  /** A relay that just loaded the room asks for the presence of everyone here. */
  awarenessAsked(): void;
  /** Updates of this room may not have reached this relay: read what it lacks from the store. */
  catchUp(): void;
  /** This relay now holds the room's stamps: it alone writes receipts and chain links. */
  stampsTaken(): void;
};

export type RoomFanout = {
  /** Subscribes to the room (resolved once Redis confirms it); for a log, tries to take its stamps. */
  join(room: string, handlers: FanoutRoom, options: { stamps: boolean }): Promise<void>;
  /** Unsubscribes, and lets go of the room's stamps. */
  leave(room: string): void;
  /** Tells the other relays about an update this relay stored. */
  publish(room: string, peer: PeerUpdate): void;
  /** Tells the other relays about a presence change of this relay's clients (lost if Redis is away). */
  publishAwareness(room: string, update: Uint8Array): void;
  /** Whether this relay writes the room's stamps now. */
  holdsStamps(room: string): boolean;
  /** How many rooms' stamps this relay writes now. */
  stampsHeld(): number;
  /** Whether both connections to Redis are up (rooms are shared), for `/healthz` and the metrics. */
  health(): FanoutHealth;
  /**
   * Competes for the group's one watcher: `onHeld` runs when this relay takes the lease and at each
   * renewal, `onLost` when it no longer holds it (another relay may run the watcher from then on).
   */
  holdWatcher(handlers: { onHeld(): void; onLost(): void }): void;
  /** Adds a workspace to those the group's watcher watches. */
  shareWorkspace(workspace: string): void;
  /** Every workspace any relay of the group has seen. */
  sharedWorkspaces(): Promise<string[]>;
  close(): Promise<void>;
};

export type FanoutHealth = { isAvailable: true } | { isAvailable: false; sinceMs: number; error: string };

export type RedisFanoutOptions = {
  /** `redis://`, `rediss://` or `unix:///path/to/redis.sock`. */
  url: string;
  /** How long a stamps lease lasts unless renewed. */
  leaseMs?: number;
  nowMs?: () => number;
  onError?: (error: Error) => void;
  /** Called when both connections are up again after Redis was unreachable. */
  onAvailable?: () => void;
  /**
   * Who this relay is in Redis (its leases, its messages). Kept in the data dir by the relay, so
   * that a relay restarted after a crash takes its own leases back at once instead of waiting for
   * them to run out. Random when absent.
   */
  relayId?: string;
  /** Names this relay's connections in Redis's CLIENT LIST (`<name>:commands`, `<name>:subscriber`). */
  name?: string;
};

const kind = { update: 0, catchUp: 1, stampsReleased: 2, awareness: 3, awarenessQuery: 4 } as const;
const channelPrefix = 'pactline:room:';
const leasePrefix = 'pactline:stamps:';
const watcherLease = 'pactline:watcher';
const workspacesKey = 'pactline:workspaces';

/** Renews the lease only if this relay still holds it. */
const renewScript =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
/** Takes the lease if nobody holds it, or if this relay does already (a restart after a crash). */
const takeScript =
  "local holder = redis.call('get', KEYS[1]) if holder == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) elseif holder then return 0 else redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end";
/** Deletes the lease only if this relay still holds it. */
const releaseScript =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export function redisOptionsOf(url: string): RedisOptions & { path?: string } {
  const parsed = new URL(url);
  if (parsed.protocol === 'unix:') return { path: decodeURIComponent(parsed.pathname) };
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error('the Redis URL must start with redis://, rediss:// or unix://');
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

export async function openRedisFanout(options: RedisFanoutOptions): Promise<RoomFanout> {
  const relayId = options.relayId ?? randomBytes(9).toString('base64url');
  const leaseMs = options.leaseMs ?? 15_000;
  const renewEveryMs = Math.max(50, Math.floor(leaseMs / 3));
  const nowMs = options.nowMs ?? Date.now;
  const onError = options.onError ?? (() => {});
  const base: RedisOptions = {
    ...redisOptionsOf(options.url),
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  };
  // Commands fail at once while Redis is away rather than queueing: a publish that did not happen
  // is made good by a catch-up notice, and a lease not renewed lapses.
  const name = options.name ?? `pactline-relay-${relayId}`;
  const commands = new Redis({
    ...base,
    connectionName: `${name}:commands`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  const subscriber = new Redis({
    ...base,
    connectionName: `${name}:subscriber`,
    autoResubscribe: false,
    maxRetriesPerRequest: 1,
  });
  // Said once per outage, not once per reconnection attempt.
  let isDown = false;
  let downSinceMs: number | null = null;
  let lastError = 'not connected yet';
  const report = (error: Error) => {
    lastError = error.message;
    if (isDown) return;
    isDown = true;
    onError(error);
  };
  const noteDown = () => {
    downSinceMs ??= nowMs();
  };
  const noteUp = () => {
    if (commands.status !== 'ready' || subscriber.status !== 'ready' || downSinceMs === null) return;
    downSinceMs = null;
    isDown = false;
    options.onAvailable?.();
  };
  commands.on('error', report);
  subscriber.on('error', report);
  commands.on('close', noteDown);
  subscriber.on('close', noteDown);

  const rooms = new Map<string, { handlers: FanoutRoom; stamps: boolean }>();
  const leases = new Map<string, number>();
  /** Rooms whose peers may have missed an update of this relay: a catch-up notice is owed. */
  const owed = new Set<string>();
  let isClosed = false;

  const channelOf = (room: string) => `${channelPrefix}${room}`;
  const leaseOf = (room: string) => `${leasePrefix}${room}`;

  const notice = (type: number): Uint8Array => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    encoding.writeVarString(encoder, relayId);
    return encoding.toUint8Array(encoder);
  };

  /** Publishes on the room's channel; a message that cannot go out owes the room a catch-up (`isOwed`). */
  const send = (room: string, message: Uint8Array, isOwed = true) => {
    if (isClosed) return;
    if (commands.status !== 'ready') {
      if (isOwed) owed.add(room);
      return;
    }
    commands.publish(channelOf(room), Buffer.from(message)).catch((error: Error) => {
      if (isOwed) owed.add(room);
      report(error);
    });
  };

  const takeStamps = async (room: string) => {
    const sentAtMs = nowMs();
    try {
      const taken = await commands.eval(takeScript, 1, leaseOf(room), relayId, leaseMs);
      if (taken !== 1) return;
      const joined = rooms.get(room);
      if (!joined?.stamps) {
        // Left meanwhile: let go at once rather than make the peers wait for the lease to run out.
        await commands.eval(releaseScript, 1, leaseOf(room), relayId);
        return;
      }
      leases.set(room, sentAtMs + leaseMs);
      joined.handlers.stampsTaken();
    } catch (error) {
      report(error as Error);
    }
  };

  const renewStamps = async (room: string) => {
    const sentAtMs = nowMs();
    try {
      const renewed = await commands.eval(renewScript, 1, leaseOf(room), relayId, leaseMs);
      const until = leases.get(room);
      if (renewed !== 1 || until === undefined) {
        leases.delete(room);
        return;
      }
      leases.set(room, sentAtMs + leaseMs);
      // It had run out by this relay's clock (Redis was slow to answer): held again, as if taken.
      if (until <= sentAtMs) rooms.get(room)?.handlers.stampsTaken();
    } catch (error) {
      // Not renewed: the lease runs out by its own clock, and then this relay stops stamping.
      report(error as Error);
    }
  };

  let watcher: { handlers: { onHeld(): void; onLost(): void }; untilMs: number | null } | null = null;
  const tendWatcher = async () => {
    if (watcher === null || isClosed) return;
    const current = watcher;
    const sentAtMs = nowMs();
    try {
      const held =
        current.untilMs === null
          ? (await commands.eval(takeScript, 1, watcherLease, relayId, leaseMs)) === 1
          : (await commands.eval(renewScript, 1, watcherLease, relayId, leaseMs)) === 1;
      if (held) {
        current.untilMs = sentAtMs + leaseMs;
        current.handlers.onHeld();
      } else if (current.untilMs !== null) {
        current.untilMs = null;
        current.handlers.onLost();
      }
    } catch (error) {
      report(error as Error);
      // Not renewed: once the lease has run out by this relay's clock, another may hold it.
      if (current.untilMs !== null && nowMs() >= current.untilMs) {
        current.untilMs = null;
        current.handlers.onLost();
      }
    }
  };

  const renewal = setInterval(() => {
    for (const [room, { stamps }] of rooms) {
      if (!stamps) continue;
      void (leases.has(room) ? renewStamps(room) : takeStamps(room));
    }
    void tendWatcher();
  }, renewEveryMs);
  renewal.unref();

  commands.on('ready', () => {
    noteUp();
    for (const room of owed) {
      owed.delete(room);
      send(room, notice(kind.catchUp));
    }
  });

  let hasConnected = false;
  subscriber.on('ready', () => {
    noteUp();
    if (!hasConnected) return;
    // Back after a lost connection: subscribe again, then mend what was published meanwhile.
    const names = [...rooms.keys()];
    if (names.length === 0) return;
    subscriber.subscribe(...names.map(channelOf)).then(
      () => {
        for (const name of names) rooms.get(name)?.handlers.catchUp();
      },
      (error: Error) => onError(error),
    );
  });

  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const room = channel.toString().slice(channelPrefix.length);
    const joined = rooms.get(room);
    if (joined === undefined) return;
    let decoder: decoding.Decoder;
    let type: number;
    try {
      decoder = decoding.createDecoder(message);
      type = decoding.readVarUint(decoder);
      if (decoding.readVarString(decoder) === relayId) return;
      if (type === kind.update) {
        const seq = decoding.readVarUint(decoder);
        const isHistory = decoding.readVarUint(decoder) === 1;
        const update = decoding.readVarUint8Array(decoder);
        joined.handlers.receive({ update, seq, isHistory });
      } else if (type === kind.awareness)
        joined.handlers.receiveAwareness(decoding.readVarUint8Array(decoder));
      else if (type === kind.awarenessQuery) joined.handlers.awarenessAsked();
      else if (type === kind.catchUp) joined.handlers.catchUp();
      else if (type === kind.stampsReleased && joined.stamps && !leases.has(room)) void takeStamps(room);
    } catch (error) {
      onError(new Error(`a message between relays cannot be read: ${String(error)}`));
    }
  });

  await Promise.all([commands.connect(), subscriber.connect()]);
  hasConnected = true;

  return {
    async join(room, handlers, { stamps }) {
      rooms.set(room, { handlers, stamps });
      // Redis away: the room loads all the same, and is subscribed and caught up when it is back.
      if (subscriber.status !== 'ready') return;
      try {
        await subscriber.subscribe(channelOf(room));
      } catch (error) {
        report(error as Error);
        return;
      }
      // Presence is renewed every 15 s anyway; asking shows the others' cursors at once.
      send(room, notice(kind.awarenessQuery), false);
      if (stamps) await takeStamps(room);
    },
    leave(room) {
      if (!rooms.delete(room)) return;
      subscriber.unsubscribe(channelOf(room)).catch(onError);
      if (leases.delete(room)) {
        commands
          .eval(releaseScript, 1, leaseOf(room), relayId)
          .then(() => send(room, notice(kind.stampsReleased)), onError);
      }
    },
    publish(room, { update, seq, isHistory }) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, kind.update);
      encoding.writeVarString(encoder, relayId);
      encoding.writeVarUint(encoder, seq);
      encoding.writeVarUint(encoder, isHistory ? 1 : 0);
      encoding.writeVarUint8Array(encoder, update);
      send(room, encoding.toUint8Array(encoder));
    },
    publishAwareness(room, update) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, kind.awareness);
      encoding.writeVarString(encoder, relayId);
      encoding.writeVarUint8Array(encoder, update);
      send(room, encoding.toUint8Array(encoder), false);
    },
    holdsStamps(room) {
      const until = leases.get(room);
      return until !== undefined && nowMs() < until;
    },
    holdWatcher(handlers) {
      watcher = { handlers, untilMs: null };
      void tendWatcher();
    },
    shareWorkspace(workspace) {
      if (commands.status === 'ready') commands.sadd(workspacesKey, workspace).catch(report);
    },
    async sharedWorkspaces() {
      return commands.status === 'ready' ? commands.smembers(workspacesKey) : [];
    },
    health() {
      return downSinceMs === null && commands.status === 'ready' && subscriber.status === 'ready'
        ? { isAvailable: true }
        : { isAvailable: false, sinceMs: downSinceMs ?? nowMs(), error: lastError };
    },
    stampsHeld() {
      const now = nowMs();
      return [...leases.values()].filter((until) => now < until).length;
    },
    async close() {
      isClosed = true;
      clearInterval(renewal);
      const held = [...leases.keys()].map(leaseOf);
      if (watcher !== null && watcher.untilMs !== null) held.push(watcherLease);
      await Promise.allSettled(held.map((key) => commands.eval(releaseScript, 1, key, relayId)));
      leases.clear();
      rooms.clear();
      subscriber.disconnect();
      await commands.quit().catch(() => commands.disconnect());
    },
  };
}
