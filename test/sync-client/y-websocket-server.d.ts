// @y/websocket-server 0.1.1 ships no type declarations for its ESM entry; these cover what the
// reference relay in these tests uses.
declare module '@y/websocket-server/utils' {
  import type { IncomingMessage } from 'node:http';
  import type { WebSocket } from 'ws';
  import type * as Y from 'yjs';

  export function setupWSConnection(
    conn: WebSocket,
    req: IncomingMessage,
    options?: { docName?: string; gc?: boolean },
  ): void;
  export const docs: Map<string, Y.Doc>;
}
