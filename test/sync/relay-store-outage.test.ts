import { CloseCode } from '@pactline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type PostgresServer, startPostgres } from '../../sync-server/src/storage/testing/postgres-server.js';
import {
  connectProvider,
  connectRaw,
  type ProviderClient,
  syncMessage,
  waitFor,
} from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

/**
 * Postgres stopped under a stream of edits, then started again: writes are refused with a named
 * close code and nothing is acknowledged that was not stored; reads of a loaded room go on;
 * `/healthz` and the metrics say the store is down; when Postgres is back the relay recovers by
 * itself and the same clients converge, and a restart of the relay (kill -9) loses nothing any
 * observer had.
 */
describe('the relay on Postgres when Postgres goes away', () => {
  let postgres: PostgresServer;
  let relay: RunningRelay;
  const clients: ProviderClient[] = [];
  beforeAll(async () => {
    postgres = await startPostgres();
    relay = await startRelay({
      env: {
        PACTLINE_POSTGRES_URL: await postgres.createDatabase(),
        PACTLINE_POSTGRES_CONNECT_TIMEOUT_MS: '1000',
        PACTLINE_COMPACT_AFTER_UPDATES: '40',
      },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
    await postgres?.destroy();
  });

  it('refuses writes with 4503 while it is down, keeps serving what is loaded, and converges once it is back', async () => {
    const room = 'acme/agreement/outage';
    const token = (sub: string) => relay.mintToken({ ws: 'acme', sub, role: 'editor' });
    const writer = connectProvider(relay.url, room, await token('writer'));
    const observer = connectProvider(relay.url, room, await token('observer'));
    clients.push(writer, observer);
    await Promise.all([writer.synced(), observer.synced()]);
    const entries = (client: ProviderClient) => client.doc.getArray<string>('entries');
    let next = 0;
    const stream = setInterval(() => entries(writer).push([`e${next++}`]), 5);
    try {
      await waitFor(() => entries(observer).length >= 30, { what: 'the observer to receive the stream' });
      await postgres.stop();
      const observedWhenStopped = new Set(entries(observer).toArray());

      // A write now is refused with the close code that says "not stored, send it again later".
      const raw = connectRaw(relay.url, room, await token('raw'));
      await raw.opened;
      const local = new Y.Doc();
      local.getArray<string>('entries').push(['raw while down']);
      raw.send(syncMessage(2, Y.encodeStateAsUpdate(local)));
      expect(await raw.closed).toEqual({ code: CloseCode.storeUnavailable, reason: expect.any(String) });

      expect(await relay.healthz()).toMatchObject({
        status: 'degraded',
        store: { status: 'unavailable', error: expect.any(String) },
      });
      expect(await relay.metric('pactline_relay_store_available')).toBe(0);
      expect(
        await relay.metric('pactline_relay_storage_errors_total', { operation: 'append' }),
      ).toBeGreaterThan(0);

      // The room is loaded: a reader joining now gets what was stored before the outage.
      const reader = connectProvider(
        relay.url,
        room,
        await relay.mintToken({ ws: 'acme', sub: 'reader', role: 'viewer' }),
      );
      clients.push(reader);
      await reader.synced();
      const read = new Set(entries(reader).toArray());
      expect([...observedWhenStopped].filter((entry) => !read.has(entry))).toEqual([]);
      // Nothing written during the outage reached anyone: it was never stored.
      expect(entries(observer).toArray()).not.toContain('raw while down');

      await postgres.start();
      await waitFor(async () => (await relay.healthz()).status === 'ok', {
        what: '/healthz to say ok once Postgres is back',
        timeoutMs: 20_000,
      });
    } finally {
      clearInterval(stream);
    }

    // The same clients reconnect and converge on everything the writer wrote, outage included.
    const written = entries(writer).length;
    await waitFor(() => entries(observer).length === written, {
      what: 'the observer to converge with the writer after the outage',
      timeoutMs: 30_000,
    });
    expect(new Set(entries(observer).toArray()).size).toBe(written);
    expect(await relay.metric('pactline_relay_store_available')).toBe(1);

    // And it was stored, not only relayed: after kill -9 a fresh client has all of it.
    const observed = entries(observer).toArray();
    await relay.restart();
    const fresh = connectProvider(relay.url, room, await token('fresh'));
    clients.push(fresh);
    await fresh.synced();
    const recovered = new Set(entries(fresh).toArray());
    expect(observed.filter((entry) => !recovered.has(entry))).toEqual([]);
  });
});
