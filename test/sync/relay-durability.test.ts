import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectProvider,
  connectRaw,
  type ProviderClient,
  syncMessage,
  waitFor,
} from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';
import { postgresStore, type RelayStore, sqliteStore, storeOf } from '../support/relay-stores.js';

const storeSettings: RelayStore[] = [
  { ...sqliteStore, label: 'default store (WAL, synchronous NORMAL, inline commits)' },
  {
    label: 'synchronous FULL with commits in a worker thread',
    name: 'sqlite',
    env: async () => ({ PACTLINE_SQLITE_SYNCHRONOUS: 'full', PACTLINE_SQLITE_WRITER: 'worker' }),
  },
  { ...postgresStore, label: 'Postgres store' },
];

describe.each(storeSettings)('relay durability with the $label', ({ env, name }) => {
  let relay: RunningRelay | undefined;
  const clients: ProviderClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
  });

  it('keeps every update an observer received across repeated kill -9 and restarts', async () => {
    // Low compaction threshold so that snapshots are also being written when the relay dies.
    relay = await startRelay({ env: { PACTLINE_COMPACT_AFTER_UPDATES: '40', ...(await env()) } });
    expect(storeOf(relay.logs)).toBe(name);
    const running = relay;
    const room = 'acme/agreement/durability-stream';
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

describe("the order of a connection's messages", () => {
  it('answers a sync step 1 sent after an update only once that update is stored, so the answer confirms it', async () => {
    const relay = await startRelay();
    try {
      const room = 'acme/agreement/message-order';
      const raw = connectRaw(
        relay.url,
        room,
        await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'editor' }),
      );
      await raw.opened;
      const local = new Y.Doc();
      // What the relay's answers say it holds.
      const confirmed = new Y.Doc();
      for (let round = 0; round < 20; round++) {
        const stateVector = Y.encodeStateVector(local);
        local.getArray<string>('entries').push([`handoff ${round}`]);
        const answersBefore = raw.messages.length;
        // The client sends its change and at once asks what the relay holds beyond what it had.
        raw.send(syncMessage(2, Y.encodeStateAsUpdate(local, stateVector)));
        raw.send(syncMessage(0, stateVector));
        const answer = await waitFor(
          () => raw.messages.slice(answersBefore).find((message) => message[0] === 0 && message[1] === 1),
          { what: `the answer to the sync step 1 of round ${round}` },
        );
        const decoder = decoding.createDecoder(answer);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        Y.applyUpdate(confirmed, decoding.readVarUint8Array(decoder));
        expect(
          confirmed.getArray<string>('entries').toArray(),
          `round ${round}: the answer must hold the change sent just before the question`,
        ).toEqual(local.getArray<string>('entries').toArray());
      }
      raw.ws.close();
    } finally {
      await relay.kill('SIGTERM');
    }
  });
});
