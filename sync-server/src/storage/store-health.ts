import { type DocStore, StoreClosedError } from './doc-store.js';

/**
 * Whether the store answers, learned from the operations themselves: one that fails (Postgres
 * stopped or unreachable, a full disk) marks the store unavailable, the next that succeeds marks it
 * available again. While it is unavailable, a store that can be probed (Postgres: `SELECT 1`) is
 * probed every `probeEveryMs`, so `/healthz` turns back without waiting for a client's write.
 * Nothing is retried here: a write that failed was not acknowledged, and its client sends it again.
 */
export type StoreHealth = { isAvailable: true } | { isAvailable: false; sinceMs: number; error: string };

export type StoreOperation = 'load' | 'append' | 'compact';

export type WatchedStore = DocStore & { health(): StoreHealth };

export type WatchOptions = {
  /** A cheap round trip to the store's server; absent: availability returns with the next success. */
  probe?: () => Promise<void>;
  probeEveryMs?: number;
  nowMs?: () => number;
  onError?: (operation: StoreOperation, error: unknown) => void;
  onChange?: (health: StoreHealth) => void;
};

export function watchedStore(store: DocStore, options: WatchOptions = {}): WatchedStore {
  const nowMs = options.nowMs ?? Date.now;
  let health: StoreHealth = { isAvailable: true };
  let probeTimer: ReturnType<typeof setInterval> | null = null;

  const stopProbing = () => {
    if (probeTimer !== null) clearInterval(probeTimer);
    probeTimer = null;
  };
  const markAvailable = () => {
    if (health.isAvailable) return;
    health = { isAvailable: true };
    stopProbing();
    options.onChange?.(health);
  };
  const markUnavailable = (operation: StoreOperation | 'probe', error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (health.isAvailable) {
      health = { isAvailable: false, sinceMs: nowMs(), error: `${operation}: ${message}` };
      options.onChange?.(health);
    }
    const { probe } = options;
    if (probe !== undefined && probeTimer === null) {
      probeTimer = setInterval(() => {
        probe().then(markAvailable, () => {});
      }, options.probeEveryMs ?? 1_000);
      probeTimer.unref?.();
    }
  };
  const watch = async <T>(operation: StoreOperation, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      markAvailable();
      return result;
    } catch (error) {
      if (!(error instanceof StoreClosedError)) {
        options.onError?.(operation, error);
        markUnavailable(operation, error);
      }
      throw error;
    }
  };

  return {
    load: (room) => watch('load', () => store.load(room)),
    append: (room, update) => watch('append', () => store.append(room, update)),
    compact: (room, snapshot, compaction) =>
      watch('compact', () => store.compact(room, snapshot, compaction)),
    async close() {
      stopProbing();
      await store.close();
    },
    health: () => health,
  };
}
