import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Serves a built single-page app the way a good static host does:
 * - content types; `index.html` for a path without a file extension (an app route), 404 for a
 *   missing file (a missing `/favicon.png` is not the app);
 * - Vite's content-hashed files under `/assets/` cached for a year as immutable; everything else
 *   (`index.html`, `sw.js`, the manifest) revalidated on every load with an ETag, so a new build is
 *   picked up at once and an unchanged one costs a 304;
 * - text compressed with brotli or gzip as the browser accepts, each body compressed once per
 *   build of the file and kept.
 * Written here rather than taken from a package: `sirv` and `serve-static` send precompressed
 * files only if the build wrote them, and the start command serves one folder on localhost.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt']);
type Encoding = 'br' | 'gzip' | 'identity';

type Entry = { mtimeMs: number; size: number; etag: string; bodies: Map<Encoding, Buffer> };

export type StaticServer = { server: Server; url: string; port: number; stop(): Promise<void> };

/** The encoding to send for an Accept-Encoding header: brotli first, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)/.exec(param)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

function encode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return encoding === 'gzip' ? gzipSync(body, { level: 9 }) : body;
}

export async function serveStatic(rootDir: string, host: string, port: number): Promise<StaticServer> {
  const root = resolve(rootDir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root} has no index.html: build it first`);
  const cache = new Map<string, Entry>();

  const entryOf = (file: string): Entry => {
    const stat = statSync(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = readFileSync(file);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const entry: Entry = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      etag,
      bodies: new Map([['identity', body]]),
    };
    cache.set(file, entry);
    return entry;
  };

  /** The file a request path names; index.html for an app route; null when there is none. */
  const fileFor = (path: string): string | null => {
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return null;
    if (existsSync(file) && statSync(file).isFile()) return file;
    return extname(path) === '' ? join(root, 'index.html') : null;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
      return;
    }
    const file = fileFor(path);
    if (file === null) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const entry = entryOf(file);
    const extension = extname(file);
    const isHashed = file.startsWith(join(root, 'assets') + sep);
    const headers: Record<string, string> = {
      'content-type': contentTypes[extension] ?? 'application/octet-stream',
      'cache-control': isHashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
      'x-content-type-options': 'nosniff',
    };
    if (compressible.has(extension)) headers.vary = 'Accept-Encoding';
    if (request.headers['if-none-match'] === entry.etag) {
      response.writeHead(304, headers).end();
      return;
    }
    const encoding = compressible.has(extension)
      ? pickEncoding(request.headers['accept-encoding'])
      : 'identity';
    let body = entry.bodies.get(encoding);
    if (body === undefined) {
      body = encode(entry.bodies.get('identity') as Buffer, encoding);
      entry.bodies.set(encoding, body);
    }
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = String(body.length);
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      // A file removed between the check and the read (a rebuild under way): say so, stay up.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`could not read the file: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
