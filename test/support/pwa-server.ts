import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Serves the built PWA (pwa/dist) on 127.0.0.1, port 0, the way a static host would: files with
 * their content types, index.html for any other path, and no caching so the service worker is the
 * only cache. `stop()` closes it, which is how a test takes the whole site offline.
 */
export const pwaDistDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../pwa/dist');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Builds the PWA when there is no build yet (the root test command builds it first). */
export function ensurePwaBuilt(): void {
  if (existsSync(join(pwaDistDir, 'index.html'))) return;
  const result = spawnSync('pnpm', ['--filter', '@pactline/pwa', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the PWA build failed');
}

export type PwaServer = { url: string; port: number; stop(): Promise<void> };

export async function startPwaServer(): Promise<PwaServer> {
  ensurePwaBuilt();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(pwaDistDir, path));
    if (!file.startsWith(pwaDistDir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(pwaDistDir, 'index.html');
    }
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
