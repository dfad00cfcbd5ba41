import { describe, expect, it } from 'vitest';
import { type DocStore, StoreClosedError } from './doc-store.js';
import { type StoreHealth, watchedStore } from './store-health.js';
import { emptyStoredDoc as empty } from './testing/stored-doc.js';

/** A store whose operations fail while `isDown` says so, as one on a stopped Postgres does. */
function flakyStore() {
  const state = { isDown: false, isClosed: false, appended: 0 };
  const check = () => {
    if (state.isClosed) throw new StoreClosedError('store is closed');
    if (state.isDown) throw new Error('connect ENOENT /tmp/pactline-pg/.s.PGSQL.5432');
  };
  const store: DocStore = {
    load: async () => {
      check();
      return empty;
    },
    append: async () => {
      check();
      return ++state.appended;
    },
    compact: async (_room, _snapshot, { throughSeq }) => {
      check();
      return throughSeq;
    },
    close: async () => {},
  };
  return { store, state };
}

describe('the store health watch', () => {
  it('marks the store unavailable when an operation fails, and available with the next success', async () => {
    const { store, state } = flakyStore();
    const changes: StoreHealth[] = [];
    const errors: string[] = [];
    const watched = watchedStore(store, {
      nowMs: () => 1_000,
      onChange: (health) => changes.push(health),
      onError: (operation) => errors.push(operation),
    });
    expect(await watched.append('r', new Uint8Array([0, 0]))).toBe(1);
    expect(watched.health()).toEqual({ isAvailable: true });

    state.isDown = true;
    await expect(watched.append('r', new Uint8Array([0, 0]))).rejects.toThrow(/ENOENT/);
    await expect(watched.load('r')).rejects.toThrow(/ENOENT/);
    expect(watched.health()).toEqual({
      isAvailable: false,
      sinceMs: 1_000,
      error: 'append: connect ENOENT /tmp/pactline-pg/.s.PGSQL.5432',
    });
    expect(errors).toEqual(['append', 'load']);

    state.isDown = false;
    expect(await watched.load('r')).toEqual(empty);
    expect(watched.health()).toEqual({ isAvailable: true });
    // One change each way, however many operations failed in between.
    expect(changes.map((health) => health.isAvailable)).toEqual([false, true]);
  });

  it('probes an unavailable store until it answers, without waiting for a write', async () => {
    const { store, state } = flakyStore();
    let probes = 0;
    const watched = watchedStore(store, {
      probeEveryMs: 5,
      probe: async () => {
        probes++;
        if (state.isDown) throw new Error('still down');
      },
    });
    state.isDown = true;
    await expect(
      watched.compact('r', new Uint8Array([0, 0]), { throughSeq: 1, seqs: [], snapshotSeq: 0 }),
    ).rejects.toThrow();
    expect(watched.health().isAvailable).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(watched.health().isAvailable).toBe(false);
    state.isDown = false;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(watched.health()).toEqual({ isAvailable: true });
    const probesWhenBack = probes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Back: probing stops.
    expect(probes).toBe(probesWhenBack);
    await watched.close();
  });

  it('does not count a closed store as unavailable', async () => {
    const { store, state } = flakyStore();
    const watched = watchedStore(store);
    state.isClosed = true;
    await expect(watched.append('r', new Uint8Array([0, 0]))).rejects.toBeInstanceOf(StoreClosedError);
    expect(watched.health()).toEqual({ isAvailable: true });
  });
});
