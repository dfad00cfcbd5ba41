import { startRelay } from '../support/relay-process.js';
import type { TestRelay } from './reference-relay.js';

/**
 * Our relay as a child process (sync-server's built dist/main.js) behind the same test interface
 * as the reference server. Going offline is a `kill -9`; coming back is a restart on the same
 * port and data dir, so reconnecting clients also meet a relay that reloaded from its store.
 */
export async function startPactlineRelay(): Promise<TestRelay> {
  const relay = await startRelay();
  let isUp = true;
  return {
    get url() {
      return relay.url;
    },
    mintToken(claims, expiresInSeconds = 3_600) {
      return relay.mintToken({
        sub: 'sam',
        role: 'editor',
        ...claims,
        exp: Math.floor(Date.now() / 1_000) + expiresInSeconds,
      });
    },
    async goOffline() {
      isUp = false;
      await relay.kill('SIGKILL');
    },
    async goOnline() {
      if (isUp) return;
      await relay.restart();
      isUp = true;
    },
    openConnections: async () => (await relay.stats()).connections,
    async stop() {
      await relay.kill('SIGTERM');
    },
  };
}
