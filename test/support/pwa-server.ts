import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StaticServer, serveStatic } from '../../scripts/static-server.js';

/**
 * Serves the built PWA (pwa/dist) on 127.0.0.1, port 0, with the same static server `start` uses:
 * files with their content types, index.html for any other path, and no caching so the service
 * worker is the only cache. `stop()` closes it, which is how a test takes the whole site offline.
 */
export const pwaDistDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../pwa/dist');

/** Builds the PWA when there is no build yet (the root test command builds it first). */
export function ensurePwaBuilt(): void {
  if (existsSync(join(pwaDistDir, 'index.html'))) return;
  const result = spawnSync('pnpm', ['--filter', '@pactline/pwa', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the PWA build failed');
}

export type PwaServer = Pick<StaticServer, 'url' | 'port' | 'stop'>;

export async function startPwaServer(): Promise<PwaServer> {
  ensurePwaBuilt();
  return serveStatic(pwaDistDir, '127.0.0.1', 0);
}
