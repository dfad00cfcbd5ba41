import { describe, expect, it } from 'vitest';
import { connectProvider, waitFor } from '../support/relay-clients.js';
import { startRelay } from '../support/relay-process.js';

describe('relay lifecycle and operations endpoints', () => {
  it('answers /healthz with JSON and /metrics with Prometheus text', async () => {
    // Without the watcher, whose rooms would add to the counts this test reads.
    const relay = await startRelay({ env: { PACTLINE_WATCHER: 'off' } });
    try {
      const client = connectProvider(
        relay.url,
        'acme/directory',
        await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'admin' }),
      );
      await client.synced();
      client.doc.getMap('members').set('ana', { name: 'Ana' });
      const health = await waitFor(async () => {
        const value = await relay.healthz();
        return value.connections === 1 && value;
      });
      expect(health).toMatchObject({ status: 'ok', connections: 1, roomsLoaded: 1 });
      await waitFor(
        async () =>
          (await relay.metric('pactline_relay_storage_seconds_count', { operation: 'append' })) >= 1,
        {
          what: 'an append to be timed',
        },
      );
      const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
      for (const name of [
        'pactline_relay_connections 1',
        'pactline_relay_rooms_loaded 1',
        'pactline_relay_messages_in_total',
        'pactline_relay_messages_out_total',
        'pactline_relay_bytes_in_total',
        'pactline_relay_bytes_out_total',
        'pactline_relay_storage_seconds_bucket',
        'pactline_relay_rejected_connections_total',
      ]) {
        expect(text).toContain(name);
      }
      expect((await fetch(`${relay.httpUrl}/nothing-here`)).status).toBe(404);
      client.destroy();
    } finally {
      await relay.kill('SIGTERM');
    }
  });

  it('on SIGTERM stops accepting, stores every room and exits cleanly', async () => {
    const relay = await startRelay({ env: { PACTLINE_UNLOAD_AFTER_MS: '600000' } });
    const token = await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'editor' });
    const writer = connectProvider(relay.url, 'acme/agreement/shutdown', token);
    const observer = connectProvider(relay.url, 'acme/agreement/shutdown', token);
    await Promise.all([writer.synced(), observer.synced()]);
    for (let i = 0; i < 300; i++) writer.doc.getArray('entries').push([i]);
    await waitFor(() => observer.doc.getArray('entries').length === 300, {
      what: 'observer to receive the entries',
    });

    const exitCode = await relay.kill('SIGTERM');
    expect(exitCode).toBe(0);
    expect(relay.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['stopping', 'stopped']));
    writer.destroy();
    observer.destroy();

    await relay.restart();
    const fresh = connectProvider(relay.url, 'acme/agreement/shutdown', token);
    await fresh.synced();
    expect(fresh.doc.getArray('entries').toArray()).toEqual(Array.from({ length: 300 }, (_, i) => i));
    fresh.destroy();
    await relay.kill('SIGTERM');
  });
});
