import { afterAll, describe, expect, it } from 'vitest';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

const storeSettings: { label: string; env: Record<string, string> }[] = [
  { label: 'default store (WAL, synchronous NORMAL, inline commits)', env: {} },
  {
    label: 'synchronous FULL with commits in a worker thread',
    env: { PACTLINE_SQLITE_SYNCHRONOUS: 'full', PACTLINE_SQLITE_WRITER: 'worker' },
  },
];

describe.each(storeSettings)('relay durability with the $label', ({ env }) => {
  let relay: RunningRelay | undefined;
  const clients: ProviderClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
  });

  it('keeps every update an observer received across repeated kill -9 and restarts', async () => {
    // Low compaction threshold so that snapshots are also being written when the relay dies.
    relay = await startRelay({ env: { PACTLINE_COMPACT_AFTER_UPDATES: '40', ...env } });
    const running = relay;
    const room = 'acme/handoffs/2026-10';
    const token = (sub: string) => running.mintToken({ ws: 'acme', sub, role: 'editor' });
    const writers = [
      connectProvider(running.url, room, await token('w1')),
      connectProvider(running.url, room, await token('w2')),
    ];
    const observer = connectProvider(running.url, room, await token('observer'));
    clients.push(...writers, observer);
    await Promise.all([...writers, observer].map((client) => client.synced()));

    let next = 0;
    const stream = setInterval(() => {
      for (const [w, writer] of writers.entries())
        writer.doc.getArray<string>('entries').push([`w${w}-${next}`]);
      next++;
    }, 3);
    const observed = () => new Set(observer.doc.getArray<string>('entries').toArray());

    try {
      for (let round = 0; round < 4; round++) {
        const before = observed().size;
        await waitFor(() => observed().size >= before + 60, {
          what: `observer to receive updates in round ${round}`,
        });
        await running.kill('SIGKILL');
        const received = observed();
        await running.restart();

        const fresh = connectProvider(running.url, room, await token(`fresh${round}`));
        await fresh.synced();
        const recovered = new Set(fresh.doc.getArray<string>('entries').toArray());
        const lost = [...received].filter((entry) => !recovered.has(entry));
        fresh.destroy();
        expect(lost, `round ${round}: entries the observer had but the restarted relay lost`).toEqual([]);
        expect(recovered.size).toBeGreaterThanOrEqual(received.size);
      }
    } finally {
      clearInterval(stream);
    }

    // After the stream stops, everyone converges on one log with nothing duplicated.
    const total = next * writers.length;
    await waitFor(() => observer.doc.getArray('entries').length === total, {
      what: 'observer to catch up',
      timeoutMs: 20_000,
    });
    const entries = observer.doc.getArray<string>('entries').toArray();
    expect(new Set(entries).size).toBe(total);
  });
});
