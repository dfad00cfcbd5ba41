import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Who may read `/metrics`. The figures name the Node version, memory and traffic of the relay, so
 * they are not for anyone who can reach the websocket port:
 * - `token`: `/metrics` on the relay's port answers only with `Authorization: Bearer <token>`;
 * - `separate`: `/metrics` is served on a listener of its own (an address only the scraper reaches),
 *   and the relay's port does not serve it (a token, when also set, is asked there too);
 * - neither: `/metrics` is off and says how to turn it on.
 */
export type MetricsAccess = { token: string | null; isSeparate: boolean };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time (over digests, so a length difference tells nothing either). */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token));
}

function answerJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Answers a `GET /metrics` on `listener` (the relay's own port or the separate one). */
export async function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  access: MetricsAccess,
  listener: 'relay' | 'separate',
): Promise<void> {
  if (listener === 'relay' && access.isSeparate) {
    answerJson(res, 404, { error: 'not_found', message: 'metrics are served on their own address' });
    return;
  }
  if (listener === 'relay' && access.token === null) {
    answerJson(res, 403, {
      error: 'metrics_off',
      message:
        'set PACTLINE_METRICS_TOKEN (bearer token) or PACTLINE_METRICS_PORT (own address) to read metrics',
    });
    return;
  }
  if (access.token !== null && !bearerMatches(req, access.token)) {
    answerJson(
      res,
      401,
      { error: 'unauthorized', message: 'metrics need Authorization: Bearer <PACTLINE_METRICS_TOKEN>' },
      { 'www-authenticate': 'Bearer realm="pactline-metrics"' },
    );
    return;
  }
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(text);
}

/** The separate metrics listener: `/metrics` and nothing else. */
export function createMetricsServer(registry: Registry, access: MetricsAccess): Server {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      void answerMetrics(req, res, registry, access, 'separate');
      return;
    }
    answerJson(res, 404, { error: 'not_found', message: 'try /metrics' });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return server;
}
