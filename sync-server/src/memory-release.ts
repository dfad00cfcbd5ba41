import { setFlagsFromString } from 'node:v8';

/**
 * Gives memory back to the system after documents are unloaded.
 *
 * V8 keeps the heap it grew to during a burst of work and shrinks it only on its own schedule,
 * which on a quiet process may be never: after 1,000 documents were opened and closed, the relay
 * held 27 MB more heap than before with 4 MB of it live, and still did 30 s later. Unloading a
 * room frees its document for the collector; this asks for the collection.
 *
 * A full collection pauses the relay for a time that grows with what is still live (measured:
 * 30 ms with 12 MB live), so it runs only when the relay has mostly gone quiet: once no room is
 * loaded any more, or the rooms unloaded since the last one are at least `minUnloaded` and four
 * times as many as are still loaded. A busy relay is left to V8, whose own collections keep
 * running there and wake its memory reducer; the case handled here is the quiet after a burst,
 * where nothing else would ever give the memory back. It waits until no room has unloaded for
 * `quietMs`, so that a burst of unloads is collected once, at its end (but no longer than
 * `maxWaitMs` under steady churn), and never runs twice within `minIntervalMs`. The collection
 * compacts (`compactingCollector`), so the heap's reserved space shrinks with it, not only its use.
 */
export type MemoryReleaseOptions = {
  /** A full garbage collection (`globalThis.gc` under `--expose-gc`); null: never collect. */
  collect: (() => void) | null;
  quietMs: number;
  maxWaitMs: number;
  minIntervalMs: number;
  minUnloaded: number;
  nowMs?: () => number;
  /** Called after each collection with what it achieved. */
  onRelease?: (release: MemoryRelease) => void;
  /** Called when a collection throws: the relay keeps serving, nothing is retried until the next unloads. */
  onError?: (error: unknown) => void;
};

export type MemoryRelease = {
  roomsUnloaded: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  durationMs: number;
};

export type MemoryReleaser = {
  /** Call after a room was unloaded, with how many remain loaded. */
  roomUnloaded(roomsLoaded: number): void;
  stop(): void;
};

export function createMemoryReleaser(options: MemoryReleaseOptions): MemoryReleaser {
  const { collect } = options;
  const nowMs = options.nowMs ?? Date.now;
  let unloadedSinceRelease = 0;
  let lastReleaseMs = Number.NEGATIVE_INFINITY;
  let firstDueMs: number | null = null;
  let timer: NodeJS.Timeout | null = null;

  const release = (run: () => void) => {
    timer = null;
    firstDueMs = null;
    const heapBeforeBytes = process.memoryUsage().heapTotal;
    const started = performance.now();
    const roomsUnloaded = unloadedSinceRelease;
    unloadedSinceRelease = 0;
    lastReleaseMs = nowMs();
    try {
      run();
    } catch (error) {
      options.onError?.(error);
      return;
    }
    const durationMs = performance.now() - started;
    options.onRelease?.({
      roomsUnloaded,
      heapBeforeBytes,
      heapAfterBytes: process.memoryUsage().heapTotal,
      durationMs,
    });
  };

  return {
    roomUnloaded(roomsLoaded) {
      unloadedSinceRelease++;
      if (collect === null) return;
      const now = nowMs();
      if (firstDueMs === null) {
        const isWorthIt =
          roomsLoaded === 0 ||
          (unloadedSinceRelease >= options.minUnloaded && unloadedSinceRelease >= 4 * roomsLoaded);
        if (!isWorthIt) return;
        firstDueMs = now;
      }
      const atMs = Math.max(
        Math.min(now + options.quietMs, firstDueMs + options.maxWaitMs),
        lastReleaseMs + options.minIntervalMs,
      );
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => release(collect), Math.max(0, atMs - now));
      // A pending collection never keeps the process alive.
      timer.unref();
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * A full collection that also compacts the old generation, from `gc` (`globalThis.gc`, present under
 * `--expose-gc`); null without it. A plain `gc()` leaves old-generation pages as sparse as a burst
 * left them (measured: 26 MB reserved for 12 MB live after 1,000 rooms came and went), and a forced
 * collection does not wake V8's memory reducer, which would compact them. V8's
 * `--compact-on-every-full-gc` is switched on for this one collection only, so V8's own collections
 * keep their heuristics; Node offers no other way to ask for a compacting collection.
 */
export function compactingCollector(gc: (() => void) | undefined): (() => void) | null {
  if (typeof gc !== 'function') return null;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}
