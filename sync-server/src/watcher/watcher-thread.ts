import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Log } from '../log.js';
import type { WatchedRoom, Watcher, WatcherOptions } from './start-watcher.js';
import type { FromWatcher, ToWatcher } from './watcher-thread-messages.js';

/**
 * The watcher in a worker thread of its own, so that planning clocks never takes the relay's event
 * loop from the sockets. The relay's thread holds the watched rooms open, sends the watcher each
 * room's state and then every update to it, and stores and broadcasts what the watcher writes (one
 * update per planning run and log); metrics, the log and escalation routing stay on this thread.
 * Costs per change to a watched room: one message carrying the update.
 *
 * A thread that stops (an uncaught error, memory exhausted) is started again, after a delay that
 * doubles while it keeps stopping, and watches every workspace again.
 */
export type WatcherThreadOptions = Pick<
  WatcherOptions,
  'monthsWatched' | 'onPlanned' | 'onWritten' | 'onEscalated'
> & {
  openRoom(name: string): Promise<WatchedRoom>;
  log: Log;
  /** The thread's entry module; `watcher-thread-worker.js` beside this one unless a test says. */
  workerUrl?: URL;
};

/** A watcher thread that stops is started again after this long, doubling while it keeps stopping. */
const restartDelayMs = { first: 500, max: 60_000 };
/** A thread that ran this long before stopping starts again after the first delay. */
const healthyRunMs = 60_000;

export function startWatcherThread(options: WatcherThreadOptions): Watcher {
  const { log } = options;
  const workerUrl = options.workerUrl ?? new URL('./watcher-thread-worker.js', import.meta.url);
  const held = new Map<string, { room: WatchedRoom; stop: () => void }>();
  const watched = new Set<string>();
  const idleWaiters = new Map<number, () => void>();
  let nextIdleId = 1;
  let isClosed = false;
  /** Answers meant for a thread that has since stopped are dropped by this. */
  let generation = 0;
  let nextDelayMs = restartDelayMs.first;
  let worker = spawn();

  function spawn(): Worker {
    generation++;
    const thread = new Worker(workerUrl, { workerData: { monthsWatched: options.monthsWatched } });
    const startedAtMs = Date.now();
    thread.unref();
    thread.on('message', onMessage);
    thread.on('error', (error) => log('error', 'the watcher thread failed', { error: String(error) }));
    thread.on('exit', (code) => {
      if (isClosed) return;
      // Its rooms are let go and every workspace is watched again by a new thread: the events it
      // writes have deterministic ids, so what the stopped thread wrote is not written twice.
      releaseAll();
      resolveIdle();
      if (Date.now() - startedAtMs >= healthyRunMs) nextDelayMs = restartDelayMs.first;
      const delayMs = nextDelayMs;
      nextDelayMs = Math.min(restartDelayMs.max, nextDelayMs * 2);
      log('error', 'the watcher thread stopped; starting it again', { code, inMs: delayMs });
      generation++;
      setTimeout(() => {
        if (isClosed) return;
        worker = spawn();
        for (const workspace of watched) send({ kind: 'watch', workspace });
      }, delayMs).unref();
    });
    return thread;
  }

  function send(message: ToWatcher) {
    worker.postMessage(message);
  }

  async function open(id: number, name: string, asked: number) {
    try {
      const room = await options.openRoom(name);
      if (isClosed || asked !== generation) {
        room.release();
        return;
      }
      const forward = (update: Uint8Array) => send({ kind: 'update', name, update });
      room.doc.on('update', forward);
      held.set(name, { room, stop: () => room.doc.off('update', forward) });
      send({ kind: 'opened', id, state: Y.encodeStateAsUpdate(room.doc) });
    } catch (error) {
      if (asked === generation) send({ kind: 'open-failed', id, error: String(error) });
    }
  }

  async function write(id: number, name: string, update: Uint8Array, asked: number) {
    const entry = held.get(name);
    if (entry === undefined) {
      send({ kind: 'wrote', id, error: `room ${name} is not held for the watcher` });
      return;
    }
    let error: string | undefined;
    try {
      await entry.room.write(update);
    } catch (failure) {
      error = String(failure);
    }
    if (asked === generation) send({ kind: 'wrote', id, ...(error === undefined ? {} : { error }) });
  }

  function onMessage(message: FromWatcher) {
    switch (message.kind) {
      case 'open':
        void open(message.id, message.name, generation);
        return;
      case 'write':
        void write(message.id, message.name, message.update, generation);
        return;
      case 'release': {
        const entry = held.get(message.name);
        held.delete(message.name);
        entry?.stop();
        entry?.room.release();
        return;
      }
      case 'log':
        log(message.level, message.message, message.fields);
        return;
      case 'planned':
        options.onPlanned?.(message.workspace, {
          openClocks: message.openClocks,
          isTimerArmed: message.isTimerArmed,
        });
        return;
      case 'written':
        options.onWritten?.(message.event, message.lagMs);
        return;
      case 'escalated':
        options.onEscalated?.(
          message.workspace,
          message.agreement,
          message.handoff,
          message.event,
          message.members,
        );
        return;
      case 'idle': {
        const resolve = idleWaiters.get(message.id);
        idleWaiters.delete(message.id);
        resolve?.();
        return;
      }
      case 'closed':
        return;
    }
  }

  function releaseAll() {
    for (const { room, stop } of held.values()) {
      stop();
      room.release();
    }
    held.clear();
  }

  function resolveIdle() {
    for (const resolve of idleWaiters.values()) resolve();
    idleWaiters.clear();
  }

  return {
    async watch(workspace) {
      if (isClosed || watched.has(workspace)) return;
      watched.add(workspace);
      send({ kind: 'watch', workspace });
    },
    idle() {
      if (isClosed) return Promise.resolve();
      const id = nextIdleId++;
      return new Promise((resolve) => {
        idleWaiters.set(id, resolve);
        send({ kind: 'idle', id });
      });
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      send({ kind: 'close' });
      releaseAll();
      resolveIdle();
      void worker.terminate();
    },
  };
}
