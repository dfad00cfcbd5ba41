import { realScheduler, type Scheduler } from './browser-globals.js';
import type { OpenedDocument, SyncState } from './open-document.js';

export class SyncWaitError extends Error {
  override readonly name = 'SyncWaitError';
}

/**
 * Resolves with the first sync state that satisfies `predicate` (the current one included). Fails
 * with a `SyncWaitError` after `timeoutMs`, or as soon as the connector stops retrying (a rejected
 * token, a forbidden room) in a state the predicate does not accept, since no later state will come.
 */
export function waitForSyncState(
  opened: Pick<OpenedDocument, 'getState' | 'subscribe' | 'room'>,
  predicate: (state: SyncState) => boolean,
  {
    what = 'the sync state',
    timeoutMs = 10_000,
    scheduler = realScheduler,
  }: { what?: string; timeoutMs?: number; scheduler?: Scheduler } = {},
): Promise<SyncState> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    let isSettled = false;
    const settle = (outcome: () => void) => {
      isSettled = true;
      scheduler.clearTimeout(timer);
      unsubscribe();
      outcome();
    };
    const onState = (state: SyncState) => {
      if (isSettled) return;
      if (predicate(state)) settle(() => resolve(state));
      else if (state.stopped) {
        settle(() =>
          reject(new SyncWaitError(`${opened.room} stopped before ${what}: ${state.stopped?.message}`)),
        );
      }
    };
    const timer = scheduler.setTimeout(() => {
      settle(() =>
        reject(
          new SyncWaitError(
            `timed out waiting for ${what} in ${opened.room}; last state ${JSON.stringify(opened.getState())}`,
          ),
        ),
      );
    }, timeoutMs);
    onState(opened.getState());
    if (!isSettled) unsubscribe = opened.subscribe(onState);
  });
}
