import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Log } from '../log.js';
import type { WatchedRoom } from './start-watcher.js';
import { startWatcherThread } from './watcher-thread.js';

/** The relay's side of the watcher thread, against a stand-in thread (fixtures/echo-watcher-worker.mjs). */
const workerUrl = new URL('./fixtures/echo-watcher-worker.mjs', import.meta.url);

async function until(what: string, check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function relayRooms() {
  const rooms = new Map<string, Y.Doc>();
  const opened: string[] = [];
  const released: string[] = [];
  const written: { name: string; update: Uint8Array }[] = [];
  const openRoom = async (name: string): Promise<WatchedRoom> => {
    opened.push(name);
    const doc = rooms.get(name) ?? new Y.Doc();
    rooms.set(name, doc);
    return {
      doc,
      write: async (update) => {
        written.push({ name, update });
        Y.applyUpdate(doc, update);
      },
      release: () => released.push(name),
    };
  };
  return { rooms, opened, released, written, openRoom };
}

function collectingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log: Log = (level, message, fields) => lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, log };
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  delete process.env.PACTLINE_TEST_CRASH_FILE;
});

describe('the watcher thread, from the relay’s side', () => {
  it('opens the rooms the thread asks for, sends their state and every update, and stores what it writes', async () => {
    const relay = relayRooms();
    const directory = new Y.Doc();
    directory.getText('t').insert(0, 'before');
    relay.rooms.set('acme/directory', directory);
    const { lines, log } = collectingLog();
    const watcher = startWatcherThread({ openRoom: relay.openRoom, log, workerUrl });
    stop = () => watcher.close();
    await watcher.watch('acme');
    await watcher.watch('acme');
    await until('the directory opened', () => lines.some((line) => line.message === 'opened'));
    expect(relay.opened).toEqual(['acme/directory']);
    expect(lines.find((line) => line.message === 'opened')?.fields?.stateBytes).toBeGreaterThan(6);
    // An update to the room reaches the thread, which writes it back: it is stored through the relay.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(directory));
    directory.getText('t').insert(6, ' and after');
    await until('the thread’s write', () => relay.written.length === 1);
    Y.applyUpdate(copy, relay.written[0]?.update ?? new Uint8Array());
    expect(copy.getText('t').toString()).toBe('before and after');
    expect(relay.written[0]?.name).toBe('acme/directory');
    await watcher.idle();
    watcher.close();
    expect(relay.released).toEqual(['acme/directory']);
  });

  it('starts a stopped thread again, lets go of its rooms and watches every workspace again', async () => {
    const crashFile = join(mkdtempSync(join(tmpdir(), 'pactline-watcher-thread-')), 'crash');
    writeFileSync(crashFile, '');
    process.env.PACTLINE_TEST_CRASH_FILE = crashFile;
    const relay = relayRooms();
    const { lines, log } = collectingLog();
    const watcher = startWatcherThread({ openRoom: relay.openRoom, log, workerUrl });
    stop = () => watcher.close();
    await watcher.watch('acme');
    await until('acme opened', () => lines.some((line) => line.message === 'opened'));
    await watcher.watch('crash');
    await until('the restart', () =>
      lines.some((line) => line.message === 'the watcher thread stopped; starting it again'),
    );
    expect(lines.find((line) => line.message === 'the watcher thread failed')?.fields?.error).toContain(
      'the watcher thread crashed',
    );
    expect(relay.released).toEqual(['acme/directory']);
    // The new thread is told about both workspaces and opens their rooms again.
    await until('both opened by the new thread', () => relay.opened.length === 3);
    expect(relay.opened).toEqual(['acme/directory', 'acme/directory', 'crash/directory']);
    watcher.close();
    expect([...relay.released].sort()).toEqual(['acme/directory', 'acme/directory', 'crash/directory']);
  });
});
