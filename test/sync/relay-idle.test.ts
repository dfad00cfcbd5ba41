import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

describe('idle documents', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    // The watcher keeps each watched workspace's directory and recent logs loaded on purpose; this
    // test measures the unloading of rooms only clients hold, so it runs without it.
    relay = await startRelay({ env: { PACTLINE_UNLOAD_AFTER_MS: '50', PACTLINE_WATCHER: 'off' } });
  });
  afterAll(async () => {
    await relay.kill('SIGTERM');
  });

  /** Figures once the relay has run its collection after the rooms unloaded: figures that compare. */
  const healthAfterRelease = async (releasesBefore: number) => {
    await waitFor(async () => (await relay.metric('pactline_relay_memory_releases_total')) > releasesBefore, {
      what: 'the relay to collect after unloading',
      timeoutMs: 20_000,
    });
    return relay.stats();
  };

  it('unloads rooms nobody is connected to, gives their memory back, and keeps their content', async () => {
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
    const baseline = await healthAfterRelease(0);

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
          const health = await relay.stats();
          return health.roomsLoaded === roomCount && health;
        },
        { what: 'every room loaded' },
      );
      expect(await relay.metric('pactline_relay_rooms_loaded')).toBe(roomCount);
      const releases = await relay.metric('pactline_relay_memory_releases_total');
      for (const client of clients) client.destroy();
      await waitFor(async () => (await relay.metric('pactline_relay_rooms_loaded')) === 0, {
        what: 'every room to unload',
        timeoutMs: 20_000,
      });
      return { loaded, after: await healthAfterRelease(releases) };
    };

    const first = await cycle('idle');
    const grownBytes = first.loaded.heapUsedBytes - baseline.heapUsedBytes;
    expect(grownBytes).toBeGreaterThan(roomCount * 80_000);
    expect(first.after.roomsLoaded).toBe(0);
    expect(first.after.heapUsedBytes - baseline.heapUsedBytes).toBeLessThan(grownBytes * 0.15);
    // The reserved heap shrinks too (the collection compacts), not only what is in use.
    const reservedGrowth = first.loaded.heapTotalBytes - baseline.heapTotalBytes;
    expect(reservedGrowth).toBeGreaterThan(0);
    expect(first.after.heapTotalBytes - baseline.heapTotalBytes).toBeLessThan(reservedGrowth * 0.5);
    const released = relay.logs.filter((line) => line.msg === 'memory released');
    expect(released.at(-1)?.roomsUnloaded).toBe(roomCount);
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
