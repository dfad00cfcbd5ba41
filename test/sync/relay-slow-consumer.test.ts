import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { CloseCode } from '@pactline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, connectRaw, syncMessage, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

const maxSendBufferBytes = 256 * 1024;

/** A websocket handshake by hand, so the test controls when (if ever) the client reads. */
async function openUnreadSocket(port: number, path: string): Promise<Socket> {
  const socket = connectTcp(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))),
  );
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
  socket.pause();
  return socket;
}

describe('a client that stops reading', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    relay = await startRelay({ env: { PACTLINE_MAX_SEND_BUFFER_BYTES: String(maxSendBufferBytes) } });
  });
  afterAll(async () => {
    await relay.kill('SIGTERM');
  });

  it('is disconnected with 4408 once its send buffer is full, while the writer and the room carry on', async () => {
    const room = 'acme/agreement/slow-consumer';
    const token = await relay.mintToken({ ws: 'acme', sub: 'slow', role: 'viewer' });
    const slow = await openUnreadSocket(relay.port, `/${room}?token=${token}`);
    const writer = connectRaw(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'editor' }),
    );
    await writer.opened;
    let writerClosed = false;
    void writer.closed.then(() => {
      writerClosed = true;
    });

    // Each chunk is an independent 256 KiB insert; the kernel's socket buffers on loopback hold a
    // few MB before the relay's own send buffer for the slow client starts to grow.
    const chunkBytes = 256 * 1024;
    let sentChunks = 0;
    const slowConsumerClosures = () =>
      relay.metric('pactline_relay_closed_connections_total', { reason: 'slow_consumer' });
    await waitFor(
      async () => {
        if ((await slowConsumerClosures()) >= 1) return true;
        for (let i = 0; i < 4; i++) {
          const doc = new Y.Doc();
          doc.getText('notes').insert(0, String(sentChunks % 10).repeat(chunkBytes));
          writer.send(syncMessage(2, Y.encodeStateAsUpdate(doc)));
          doc.destroy();
          sentChunks++;
        }
        return false;
      },
      { what: 'the relay to drop the client that does not read', timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(sentChunks * chunkBytes).toBeGreaterThan(maxSendBufferBytes);

    // Once the client reads again, it finds its connection closed: with the 4408 close frame, or,
    // when that frame was still queued behind the data it never read, by the relay hanging up.
    const closeCodes: number[] = [];
    let received = Buffer.alloc(0);
    slow.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received.subarray(-4), chunk]);
      // A close frame from the server: 0x88, a 7-bit length, then the 2-byte code.
      const at = received.lastIndexOf(0x88);
      if (at >= 0 && at + 3 < received.length) closeCodes.push(received.readUInt16BE(at + 2));
    });
    const ended = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.resume();
    await ended;
    expect(closeCodes.length === 0 || closeCodes.includes(CloseCode.slowConsumer)).toBe(true);
    expect(await slowConsumerClosures()).toBe(1);

    // The writer was not held back by the slow reader, and the room serves a new reader everything,
    // in a first sync larger than the send buffer limit (judged on what is unread, not per message).
    expect(writerClosed).toBe(false);
    const reader = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'ben', role: 'editor' }),
    );
    try {
      await reader.synced();
      await waitFor(() => reader.doc.getText('notes').length === sentChunks * chunkBytes, {
        what: 'a new reader to receive every chunk',
        timeoutMs: 30_000,
      });
    } finally {
      reader.destroy();
      writer.ws.close();
    }
  });
});
