import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CloseCode, parseRoom, type TokenClaims, tokenClaimsSchema } from '@pactline/shared';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { jwtVerify, SignJWT } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * The reference y-websocket server (@y/websocket-server 0.1.1) in this process on 127.0.0.1 port
 * 0, with our relay's connection contract in front of it: `/<room>?token=<HS256 JWT>`, 4401 for a
 * bad token, 4403 for a room outside the token's workspace. `goOffline` drops every connection
 * and refuses new ones, as a lost network would, while keeping the documents.
 */
export type TestRelay = {
  readonly url: string;
  mintToken(claims: Partial<TokenClaims> & { ws: string }, expiresInSeconds?: number): Promise<string>;
  /** Every client loses its connection and cannot reconnect until `goOnline`. */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  openConnections(): Promise<number>;
  stop(): Promise<void>;
};

const secret = new TextEncoder().encode('reference-relay-test-secret-of-32-bytes!');

async function claimsOf(token: string | null): Promise<TokenClaims | null> {
  if (token === null) return null;
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    const parsed = tokenClaimsSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function startReferenceRelay(): Promise<TestRelay> {
  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const servedRooms = new Set<string>();
  let isOffline = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isOffline) {
      socket.destroy();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://relay');
    const room = decodeURIComponent(url.pathname.slice(1));
    void claimsOf(url.searchParams.get('token')).then((claims) => {
      wss.handleUpgrade(request, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        const parsedRoom = parseRoom(room);
        if (claims === null) {
          ws.close(CloseCode.unauthorized, 'token rejected');
        } else if (!parsedRoom.ok || parsedRoom.room.workspace !== claims.ws) {
          ws.close(CloseCode.forbidden, 'room outside the workspace');
        } else {
          servedRooms.add(room);
          setupWSConnection(ws, request, { docName: room });
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    async mintToken(claims, expiresInSeconds = 3_600) {
      const nowSeconds = Math.floor(Date.now() / 1_000);
      return new SignJWT({ role: 'editor', sub: 'sam', ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(nowSeconds + expiresInSeconds)
        .sign(secret);
    },
    async goOffline() {
      isOffline = true;
      for (const ws of sockets) ws.terminate();
    },
    async goOnline() {
      isOffline = false;
    },
    openConnections: async () => sockets.size,
    async stop() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      // The reference server keeps every document (and its awareness timer) for the life of the
      // process; release the ones this instance served.
      for (const room of servedRooms) {
        docs.get(room)?.destroy();
        docs.delete(room);
      }
    },
  };
}
