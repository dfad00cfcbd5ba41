import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * The one place the PWA opens a document: IndexedDB first (so a cold offline start shows the local
 * copy), then the relay when one is configured. Everything else sees `RoomConnection` only.
 */
export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'unsent';

export type RoomConnection = {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Resolves once the local copy has been read from IndexedDB. */
  readonly whenLoaded: Promise<void>;
  status(): SyncStatus;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  destroy(): void;
};

export type RelayTarget = { relayUrl: string; token: string } | null;

export function openRoom(room: string, relay: RelayTarget): RoomConnection {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const persistence = new IndexeddbPersistence(room, doc);
  const listeners = new Set<(status: SyncStatus) => void>();
  let current: SyncStatus = 'offline';
  let hasUnsent = false;
  let provider: WebsocketProvider | null = null;

  const emit = () => {
    let next: SyncStatus;
    if (provider === null) next = hasUnsent ? 'unsent' : 'offline';
    else if (provider.wsconnected && provider.synced) next = 'synced';
    else if (hasUnsent) next = 'unsent';
    else if (provider.wsconnecting || provider.shouldConnect) next = 'connecting';
    else next = 'offline';
    if (next !== current) {
      current = next;
      for (const listener of listeners) listener(next);
    }
  };

  // A local change made while the relay does not have it yet: shown as "changes waiting".
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === persistence) return;
    if (!(provider?.wsconnected && provider.synced)) {
      hasUnsent = true;
      emit();
    }
  };
  doc.on('update', onUpdate);

  const whenLoaded = persistence.whenSynced.then(() => undefined);

  if (relay !== null) {
    provider = new WebsocketProvider(relay.relayUrl, room, doc, {
      awareness,
      params: { token: relay.token },
      connect: false,
      maxBackoffTime: 5000,
    });
    provider.on('status', emit);
    provider.on('sync', (isSynced: boolean) => {
      // After the sync handshake the relay has everything we had, unsent changes included.
      if (isSynced) hasUnsent = false;
      emit();
    });
    provider.on('connection-close', emit);
    provider.on('closed', emit);
    const connecting = provider;
    void whenLoaded.then(() => {
      if (provider === connecting) connecting.connect();
    });
  }

  return {
    room,
    doc,
    awareness,
    whenLoaded,
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      doc.off('update', onUpdate);
      listeners.clear();
      provider?.destroy();
      provider = null;
      awareness.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}

/** The summary of several rooms' statuses: the worst one wins. */
export function combineStatuses(statuses: readonly SyncStatus[]): SyncStatus {
  const order: SyncStatus[] = ['unsent', 'offline', 'connecting', 'synced'];
  for (const status of order) if (statuses.includes(status)) return status;
  return 'offline';
}
