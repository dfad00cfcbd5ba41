import { openDocument, type WebSocketConstructor, waitForSyncState } from '@pactline/shared/sync';
import { WebSocket } from 'ws';
import type * as Y from 'yjs';

/**
 * A tool's write to one room through the relay, as any client makes it: connect with `token`, wait
 * for the first sync, run `body` on the document, wait until the relay holds every change, close.
 * No local copy: a command run from a shell keeps nothing between runs.
 */
export async function withRelayRoom<T>(
  room: string,
  connection: { readonly relayUrl: string; readonly token: string; readonly timeoutMs?: number },
  body: (doc: Y.Doc) => T,
): Promise<T> {
  const opened = openDocument(room, {
    relayUrl: connection.relayUrl,
    token: connection.token,
    WebSocketPolyfill: WebSocket as unknown as WebSocketConstructor,
    localPersistence: null,
    isBroadcastChannelEnabled: false,
  });
  const timeoutMs = connection.timeoutMs ?? 10_000;
  try {
    await waitForSyncState(opened, (state) => state.status === 'synced', {
      what: `the first sync of ${room}`,
      timeoutMs,
    });
    const result = body(opened.doc);
    await waitForSyncState(opened, (state) => state.status === 'synced' && !state.hasUnsentChanges, {
      what: `the relay to hold ${room}`,
      timeoutMs,
    });
    return result;
  } finally {
    await opened.destroy();
  }
}
