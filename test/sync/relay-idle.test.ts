import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

describe('idle documents', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    // --expose-gc lets /healthz report the heap after a full collection, so figures compare.
    relay = await startRelay({ nodeArgs: ['--expose-gc'], env: { PACTLINE_UNLOAD_AFTER_MS: '50' } });
  });
  afterAll(async () => {
    await relay.kill('SIGTERM');
  });

  it('unloads rooms nobody is connected to, returning memory near its baseline, and keeps their content', async () => {
    const roomCount = 120;
    const token = await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'editor' });
    // Warm up code paths once so the baseline includes them.
    const warm = connectProvider(relay.url, 'acme/agreement/warm-up', token);
    await warm.synced();
    warm.doc.getText('summary').insert(0, 'warm');
    warm.destroy();
    await waitFor(async () => (await relay.metric('pactline_relay_rooms_loaded')) === 0, {
      what: 'warm-up unload',
    });
    const baseline = await relay.healthz();

    const cycle = async (name: string) => {
      const clients: ProviderClient[] = [];
      for (let i = 0; i < roomCount; i++) {
        const client = connectProvider(relay.url, `acme/agreement/${name}-${i}`, token);
        clients.push(client);
        await client.synced();
        client.doc.getText('summary').insert(0, `agreement ${i} `.repeat(8000));
      }
      const loaded = await waitFor(
        async () => {
          const health = await relay.healthz();
          return health.roomsLoaded === roomCount && health;
        },
        { what: 'every room loaded' },
      );
      expect(await relay.metric('pactline_relay_rooms_loaded')).toBe(roomCount);
      for (const client of clients) client.destroy();
      await waitFor(async () => (await relay.metric('pactline_relay_rooms_loaded')) === 0, {
        what: 'every room to unload',
        timeoutMs: 20_000,
      });
      return { loaded, after: await relay.healthz() };
    };

    const first = await cycle('idle');
    const grownBytes = first.loaded.heapUsedBytes - baseline.heapUsedBytes;
    expect(grownBytes).toBeGreaterThan(roomCount * 80_000);
    expect(first.after.roomsLoaded).toBe(0);
    expect(first.after.heapUsedBytes - baseline.heapUsedBytes).toBeLessThan(grownBytes * 0.15);
    // Another cycle of as many new rooms leaves nothing more behind: no per-room leak.
    const second = await cycle('again');
    expect(second.after.heapUsedBytes - first.after.heapUsedBytes).toBeLessThan(grownBytes * 0.05);

    // Unloaded, not lost: a room comes back with its content.
    const reader = connectProvider(relay.url, 'acme/agreement/idle-7', token);
    await reader.synced();
    expect(reader.doc.getText('summary').toString()).toBe('agreement 7 '.repeat(8000));
    reader.destroy();
  });
});
