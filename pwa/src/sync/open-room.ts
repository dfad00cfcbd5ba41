import { indexeddbPersistence, openDocument, type SyncState } from '@pactline/shared/sync';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * The one place the PWA opens a document. With a relay and token it is the shared connector
 * (IndexedDB first, then the relay); without a token, the same local store and no connection, so
 * the app works on this device until it is given a token.
 */
export type { SyncState, SyncStatus } from '@pactline/shared/sync';

export type RoomConnection = {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Resolves once the local copy has been read from IndexedDB. */
  readonly whenLoaded: Promise<void>;
  state(): SyncState;
  onState(listener: (state: SyncState) => void): () => void;
  destroy(): Promise<void>;
};

export type RelayTarget = { relayUrl: string; token: string } | null;

/** `localName` is the IndexedDB store of this room's local copy (see local-store-name.ts). */
export function openRoom(room: string, relay: RelayTarget, localName = `pactline:${room}`): RoomConnection {
  if (relay !== null) {
    const opened = openDocument(room, { relayUrl: relay.relayUrl, token: relay.token, localName });
    return {
      room,
      doc: opened.doc,
      awareness: opened.awareness,
      whenLoaded: opened.whenLocalLoaded,
      state: opened.getState,
      onState: opened.subscribe,
      destroy: opened.destroy,
    };
  }
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const persistence = indexeddbPersistence(localName, doc);
  let state: SyncState = { status: 'offline', hasUnsentChanges: false, isLocalLoaded: false };
  const listeners = new Set<(state: SyncState) => void>();
  const whenLoaded = persistence.whenLoaded.then(
    () => undefined,
    (error: unknown) => {
      state = { ...state, localError: `the local copy could not be opened: ${String(error)}` };
    },
  );
  void whenLoaded.then(() => {
    state = { ...state, isLocalLoaded: true };
    for (const listener of listeners) listener(state);
  });
  return {
    room,
    doc,
    awareness,
    whenLoaded,
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async destroy() {
      listeners.clear();
      awareness.destroy();
      await whenLoaded;
      await persistence.destroy();
      doc.destroy();
    },
  };
}

/** The summary of several rooms' statuses: the one that needs attention first wins. */
export function combineStatuses(states: readonly SyncState[]): SyncState['status'] {
  const statuses = states.map((state) => state.status);
  const order: SyncState['status'][] = ['unsent', 'offline', 'connecting', 'synced'];
  for (const status of order) if (statuses.includes(status)) return status;
  return 'offline';
}
