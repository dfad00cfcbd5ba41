import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * One room's document: local state in IndexedDB (the extension's origin), synced through the relay
 * when one is configured. Same shape as the shared connector's `openDocument(room, { relayUrl,
 * token })`, which replaces this file once it is on main. Yjs keeps unsent local updates and sends
 * them when the socket reconnects, so actions taken offline reach the relay later.
 */
export type ConnectionState = 'not_configured' | 'connecting' | 'connected' | 'offline';

export interface OpenDocumentOptions {
  relayUrl?: string;
  token?: string;
}

export interface OpenedDocument {
  readonly room: string;
  readonly doc: Y.Doc;
  /** Resolves when the IndexedDB copy has been applied to `doc`. */
  readonly whenLoaded: Promise<void>;
  state(): ConnectionState;
  /** Whether the relay has confirmed it holds everything this document has. */
  isSynced(): boolean;
  onStateChange(listener: () => void): () => void;
  destroy(): void;
}

export function openDocument(room: string, options: OpenDocumentOptions): OpenedDocument {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(`pactline/${room}`, doc);
  const whenLoaded = persistence.whenSynced.then(() => undefined);
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  let provider: WebsocketProvider | null = null;
  let state: ConnectionState = 'not_configured';
  if (options.relayUrl) {
    state = 'connecting';
    provider = new WebsocketProvider(options.relayUrl.replace(/\/+$/, ''), room, doc, {
      params: options.token ? { token: options.token } : {},
      // Wait for the IndexedDB copy so the first sync step already carries the offline edits.
      connect: false,
    });
    provider.on('status', ({ status }: { status: string }) => {
      state = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
      notify();
    });
    provider.on('connection-close', () => {
      state = 'offline';
      notify();
    });
    provider.on('sync', () => notify());
    const connecting = provider;
    void whenLoaded.then(() => {
      if (provider === connecting) connecting.connect();
    });
  }
  return {
    room,
    doc,
    whenLoaded,
    state: () => state,
    isSynced: () => provider?.synced === true && state === 'connected',
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      provider?.destroy();
      provider = null;
      void persistence.destroy();
      doc.destroy();
    },
  };
}
