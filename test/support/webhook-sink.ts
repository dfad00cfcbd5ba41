import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server standing in for Slack, Teams or a customer's webhook: it records every
 * request (headers and raw body) and answers as the test scripts it, one answer per request in
 * order (the last one repeats). Bound to 127.0.0.1 on a free port; never an outside URL.
 */
export type SinkAnswer =
  /** `delayMs`: answered that long after the request arrived (a slow endpoint). */
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Holds the request open until the sink closes (a hung endpoint). */
  | 'hang';

export type SinkRequest = {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAtMs: number;
};

export type WebhookSink = {
  url: string;
  port: number;
  requests: SinkRequest[];
  /** Requests being answered right now (held, or not yet answered), and the most ever at once. */
  readonly open: number;
  readonly mostOpen: number;
  answer(...answers: SinkAnswer[]): void;
  close(): Promise<void>;
};

export async function startWebhookSink(...answers: SinkAnswer[]): Promise<WebhookSink> {
  let script = answers.length > 0 ? answers : [{ status: 200 }];
  let index = 0;
  let open = 0;
  let mostOpen = 0;
  const held: ServerResponse[] = [];
  const requests: SinkRequest[] = [];
  const server = createServer((request, response) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    response.on('close', () => open--);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAtMs: Date.now(),
      });
      const next = script[Math.min(index, script.length - 1)] ?? { status: 200 };
      index++;
      if (next === 'hang') {
        held.push(response);
        return;
      }
      const send = () => {
        response.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
        response.end(next.body ?? 'ok');
      };
      if (next.delayMs === undefined) send();
      else setTimeout(send, next.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    get open() {
      return open;
    },
    get mostOpen() {
      return mostOpen;
    },
    answer(...next) {
      script = next;
      index = 0;
    },
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
