import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

describe('offline divergence through the relay', () => {
  let relay: RunningRelay;
  const clients: ProviderClient[] = [];
  beforeAll(async () => {
    relay = await startRelay();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay.kill('SIGTERM');
  });

  it('merges edits two clients made while disconnected once they reconnect', async () => {
    const room = 'acme/agreement/offline';
    const connect = async (sub: string) => {
      const client = connectProvider(
        relay.url,
        room,
        await relay.mintToken({ ws: 'acme', sub, role: 'editor' }),
      );
      clients.push(client);
      await client.synced();
      return client;
    };
    const ana = await connect('ana');
    const ben = await connect('ben');
    ana.doc.getText('summary').insert(0, 'Shared start.');
    await waitFor(() => ben.doc.getText('summary').toString() === 'Shared start.', { what: 'initial sync' });

    ana.provider.disconnect();
    ben.provider.disconnect();
    ana.doc.getText('summary').insert(0, 'Ana offline. ');
    ana.doc.getMap('rules').set('hot', 15);
    ana.doc.getArray('log').push(['ana-1', 'ana-2']);
    ben.doc.getText('summary').insert(0, 'Ben offline. ');
    ben.doc.getMap('rules').set('hot', 20);
    ben.doc.getMap('rules').set('warm', 240);
    ben.doc.getArray('log').push(['ben-1']);
    expect(ana.doc.getText('summary').toString()).not.toBe(ben.doc.getText('summary').toString());

    ana.provider.connect();
    ben.provider.connect();
    const summaries = () => [ana, ben].map((client) => client.doc.getText('summary').toString());
    await waitFor(
      () =>
        summaries()[0] === summaries()[1] &&
        Y.encodeStateVector(ana.doc).toString() === Y.encodeStateVector(ben.doc).toString(),
      { what: 'the two clients to converge' },
    );
    const [summary] = summaries();
    expect(summary).toContain('Ana offline.');
    expect(summary).toContain('Ben offline.');
    expect(summary).toContain('Shared start.');
    expect(ana.doc.getMap('rules').get('warm')).toBe(240);
    expect(ana.doc.getMap('rules').get('hot')).toBe(ben.doc.getMap('rules').get('hot'));
    expect([...ana.doc.getArray('log').toArray()].sort()).toEqual(['ana-1', 'ana-2', 'ben-1']);

    // The relay holds the merged document: a client that never saw either side gets all of it.
    const fresh = await connect('fresh');
    await waitFor(() => fresh.doc.getText('summary').toString() === summary, {
      what: 'fresh client to get the merge',
    });
    expect(fresh.doc.getArray('log').length).toBe(3);
  });
});
