import { describe, expect, it } from 'vitest';
import type { Scheduler } from './browser-globals.js';
import type { SyncState } from './open-document.js';
import { SyncWaitError, waitForSyncState } from './wait-for-state.js';

const offline: SyncState = { status: 'offline', hasUnsentChanges: false, isLocalLoaded: true };

function fakeDocument(initial: SyncState) {
  let state = initial;
  const listeners = new Set<(state: SyncState) => void>();
  return {
    room: 'acme/directory',
    getState: () => state,
    subscribe(listener: (state: SyncState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(next: SyncState) {
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
    listenerCount: () => listeners.size,
  };
}

function manualScheduler() {
  const timers: (() => void)[] = [];
  const scheduler: Scheduler = {
    setTimeout: (callback) => timers.push(callback),
    clearTimeout: (handle) => {
      timers[(handle as number) - 1] = () => {};
    },
  };
  const fireAll = () => {
    for (const fire of timers) fire();
  };
  return { scheduler, fireAll };
}

describe('waitForSyncState', () => {
  it('resolves at once when the current state already satisfies the predicate', async () => {
    const document = fakeDocument({ ...offline, status: 'synced' });
    await expect(waitForSyncState(document, (state) => state.status === 'synced')).resolves.toMatchObject({
      status: 'synced',
    });
    expect(document.listenerCount()).toBe(0);
  });

  it('resolves with the first later state that satisfies it, and unsubscribes', async () => {
    const document = fakeDocument(offline);
    const waiting = waitForSyncState(document, (state) => state.status === 'synced');
    document.emit({ ...offline, status: 'connecting' });
    document.emit({ ...offline, status: 'synced' });
    await expect(waiting).resolves.toMatchObject({ status: 'synced' });
    expect(document.listenerCount()).toBe(0);
  });

  it('fails as soon as the connector stops retrying, naming the room and the reason', async () => {
    const document = fakeDocument(offline);
    const waiting = waitForSyncState(document, (state) => state.status === 'synced', {
      what: 'the first sync',
    });
    document.emit({
      ...offline,
      stopped: {
        code: 'token_rejected',
        closeCode: 4401,
        message: 'the relay rejected the token: sign in again',
      },
    });
    await expect(waiting).rejects.toThrow(
      new SyncWaitError(
        'acme/directory stopped before the first sync: the relay rejected the token: sign in again',
      ),
    );
  });

  it('resolves on a stopped state the predicate asks for', async () => {
    const document = fakeDocument(offline);
    const waiting = waitForSyncState(document, (state) => state.stopped?.code === 'forbidden');
    document.emit({
      ...offline,
      stopped: { code: 'forbidden', closeCode: 4403, message: 'outside the workspace' },
    });
    await expect(waiting).resolves.toMatchObject({ stopped: { closeCode: 4403 } });
  });

  it('fails with the last state after the timeout', async () => {
    const document = fakeDocument(offline);
    const { scheduler, fireAll } = manualScheduler();
    const waiting = waitForSyncState(document, (state) => state.status === 'synced', {
      scheduler,
      timeoutMs: 50,
    });
    fireAll();
    await expect(waiting).rejects.toThrow(
      /timed out waiting for the sync state in acme\/directory; last state .*"offline"/,
    );
    expect(document.listenerCount()).toBe(0);
  });
});
