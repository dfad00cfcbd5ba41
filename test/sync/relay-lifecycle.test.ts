import { describe, expect, it } from 'vitest';
import { connectProvider, waitFor } from '../support/relay-clients.js';
import { startRelay } from '../support/relay-process.js';

describe('relay lifecycle and operations endpoints', () => {
  it('answers /healthz with its status only and /metrics with Prometheus text to the bearer token', async () => {
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
      // Anyone can reach /healthz: it says up and whether its store answers, and nothing about
      // the process (no Node version, memory or counts).
      const health = await fetch(`${relay.httpUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', store: { status: 'ok' } });

      const stats = await waitFor(async () => {
        const value = await relay.stats();
        return value.connections === 1 && value;
      });
      expect(stats).toMatchObject({ connections: 1, roomsLoaded: 1, pendingConnections: 0 });
      expect(stats.heapUsedBytes).toBeGreaterThan(0);
      expect(stats.rssBytes).toBeGreaterThan(stats.heapUsedBytes);
      await waitFor(
        async () =>
          (await relay.metric('pactline_relay_storage_seconds_count', { operation: 'append' })) >= 1,
        { what: 'an append to be timed' },
      );
      const text = await (
        await fetch(`${relay.httpUrl}/metrics`, {
          headers: { authorization: `Bearer ${relay.metricsToken}` },
        })
      ).text();
      for (const name of [
        'pactline_relay_connections 1',
        'pactline_relay_rooms_loaded 1',
        'pactline_relay_pending_connections 0',
        'pactline_relay_messages_in_total',
        'pactline_relay_messages_out_total',
        'pactline_relay_bytes_in_total',
        'pactline_relay_bytes_out_total',
        'pactline_relay_storage_seconds_bucket',
        'pactline_relay_rejected_connections_total',
      ]) {
        expect(text).toContain(name);
      }

      // Without the token, or with another one, /metrics tells nothing.
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-the-metrics-token' },
        { authorization: relay.metricsToken },
      ];
      for (const headers of attempts) {
        const refused = await fetch(`${relay.httpUrl}/metrics`, { headers });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toContain('Bearer');
        const body = await refused.text();
        expect(body).not.toContain('pactline_relay_');
        expect(body).not.toContain('nodejs');
      }
      expect((await fetch(`${relay.httpUrl}/nothing-here`)).status).toBe(404);
      client.destroy();
    } finally {
      await relay.kill('SIGTERM');
    }
  });

  it('keeps /metrics off until a token or an address of its own is set, and serves it there', async () => {
    const off = await startRelay({ env: { PACTLINE_WATCHER: 'off', PACTLINE_METRICS_TOKEN: '' } });
    try {
      const refused = await fetch(`${off.httpUrl}/metrics`);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'metrics_off' });
      await expect(off.metric('pactline_relay_connections')).rejects.toThrow('answered 403');
    } finally {
      await off.kill('SIGTERM');
    }

    const separate = await startRelay({
      env: { PACTLINE_WATCHER: 'off', PACTLINE_METRICS_TOKEN: '', PACTLINE_METRICS_PORT: '0' },
    });
    try {
      const line = separate.logs.find((entry) => entry.msg === 'metrics listening');
      expect(line).toMatchObject({ host: '127.0.0.1' });
      const metricsPort = line?.port as number;
      expect(metricsPort).not.toBe(separate.port);
      // The relay's own port no longer serves them; the separate listener serves them and nothing else.
      expect((await fetch(`${separate.httpUrl}/metrics`)).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('pactline_relay_connections 0');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
    } finally {
      await separate.kill('SIGTERM');
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
