import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { startWatcher, type WatchedRoom } from './start-watcher.js';
import type { FromWatcher, ToWatcher } from './watcher-thread-messages.js';

/**
 * Worker-thread entry of the watcher (see `watcher-thread.ts`): the watcher runs here on copies of
 * the rooms it watches, kept current by the updates the relay's thread forwards, and every event
 * it writes goes back to the relay's thread as one update to store and broadcast.
 */
const port = parentPort!;
const { monthsWatched } = workerData as { monthsWatched: number | undefined };
const send = (message: FromWatcher) => port.postMessage(message);

let nextId = 1;
const waiting = new Map<
  number,
  { resolve: (value: Uint8Array | undefined) => void; reject: (error: Error) => void }
>();
function request(message: (id: number) => FromWatcher): Promise<Uint8Array | undefined> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    send(message(id));
  });
}
function answer(id: number, error: string | undefined, value?: Uint8Array) {
  const waiter = waiting.get(id);
  if (waiter === undefined) return;
  waiting.delete(id);
  if (error === undefined) waiter.resolve(value);
  else waiter.reject(new Error(error));
}

/** Each room once, however often it is opened; released when its last opener lets go. */
const rooms = new Map<string, { doc: Y.Doc; users: number; ready: Promise<void> }>();

async function openRoom(name: string): Promise<WatchedRoom> {
  let entry = rooms.get(name);
  if (entry === undefined) {
    const doc = new Y.Doc();
    const ready = request((id) => ({ kind: 'open', id, name })).then((state) => {
      if (state !== undefined) Y.applyUpdate(doc, state);
    });
    entry = { doc, users: 0, ready };
    rooms.set(name, entry);
    ready.catch(() => {
      if (rooms.get(name) === entry) rooms.delete(name);
    });
  }
  entry.users++;
  const opened = entry;
  await opened.ready;
  let isHeld = true;
  return {
    doc: opened.doc,
    write: async (update) => {
      await request((id) => ({ kind: 'write', id, name, update }));
    },
    release: () => {
      if (!isHeld) return;
      isHeld = false;
      opened.users--;
      if (opened.users > 0 || rooms.get(name) !== opened) return;
      rooms.delete(name);
      opened.doc.destroy();
      send({ kind: 'release', name });
    },
  };
}

const watcher = startWatcher({
  openRoom,
  nowMs: Date.now,
  log: (level, message, fields) => send({ kind: 'log', level, message, ...(fields ? { fields } : {}) }),
  ...(monthsWatched === undefined ? {} : { monthsWatched }),
  onPlanned: (workspace, plan) => send({ kind: 'planned', workspace, ...plan }),
  onWritten: (event, lagMs) => send({ kind: 'written', event, lagMs }),
  onEscalated: (workspace, agreement, handoff, event, members) =>
    send({ kind: 'escalated', workspace, agreement, handoff, event, members }),
});

port.on('message', (message: ToWatcher) => {
  switch (message.kind) {
    case 'watch':
      void watcher.watch(message.workspace);
      return;
    case 'opened':
      answer(message.id, undefined, message.state);
      return;
    case 'open-failed':
      answer(message.id, message.error);
      return;
    case 'wrote':
      answer(message.id, message.error);
      return;
    case 'update': {
      const room = rooms.get(message.name);
      if (room !== undefined) Y.applyUpdate(room.doc, message.update);
      return;
    }
    case 'idle':
      void watcher.idle().then(() => send({ kind: 'idle', id: message.id }));
      return;
    case 'close':
      watcher.close();
      send({ kind: 'closed' });
      port.close();
      return;
  }
});
