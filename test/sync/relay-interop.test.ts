import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, connectRaw, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

describe('the relay with the official y-websocket client', () => {
  let relay: RunningRelay;
  const clients: ProviderClient[] = [];
  const connect = async (room: string, sub: string) => {
    const token = await relay.mintToken({ ws: 'acme', sub, role: 'editor' });
    const client = connectProvider(relay.url, room, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    relay = await startRelay();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay.kill('SIGTERM');
  });

  it('makes two clients converge on concurrent edits', async () => {
    const room = 'acme/agreement/converge';
    const [ana, ben] = await Promise.all([connect(room, 'ana'), connect(room, 'ben')]);
    await Promise.all([ana.synced(), ben.synced()]);
    ana.doc.getText('summary').insert(0, 'Marketing hands MQLs to SDRs. ');
    ben.doc.getText('summary').insert(0, 'SDRs call within 15 minutes. ');
    ben.doc.getMap('rules').set('hot', { targetMinutes: 15 });
    await waitFor(
      () =>
        ana.doc.getText('summary').toString() === ben.doc.getText('summary').toString() &&
        ana.doc.getMap('rules').has('hot'),
      { what: 'both clients to hold both edits' },
    );
    expect(ana.doc.getText('summary').toString()).toContain('Marketing hands MQLs');
    expect(ana.doc.getText('summary').toString()).toContain('SDRs call within 15 minutes');
    expect(Y.encodeStateVector(ana.doc)).toEqual(Y.encodeStateVector(ben.doc));
  });

  it('gives a late joiner everything written before it connected', async () => {
    const room = 'acme/agreement/late-joiner';
    const writer = await connect(room, 'ana');
    await writer.synced();
    const log = writer.doc.getArray<{ id: number }>('entries');
    for (let i = 0; i < 200; i++) log.push([{ id: i }]);
    // The writer's own view cannot prove storage; a second observer proves the relay holds it.
    const observer = await connect(room, 'obs');
    await waitFor(() => observer.doc.getArray('entries').length === 200, {
      what: 'observer to get 200 entries',
    });
    writer.destroy();
    const late = await connect(room, 'late');
    await late.synced();
    await waitFor(() => late.doc.getArray('entries').length === 200, {
      what: 'late joiner to get 200 entries',
    });
    expect(
      late.doc
        .getArray<{ id: number }>('entries')
        .toArray()
        .map((entry) => entry.id),
    ).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('propagates awareness and clears it when a client disconnects', async () => {
    const room = 'acme/agreement/presence';
    const ana = await connect(room, 'ana');
    const ben = await connect(room, 'ben');
    await Promise.all([ana.synced(), ben.synced()]);
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana', cursor: 3 });
    const anaId = ana.doc.clientID;
    await waitFor(() => ben.provider.awareness.getStates().get(anaId)?.user?.name === 'Ana', {
      what: "Ana's presence at Ben",
    });
    ana.provider.destroy();
    ana.doc.destroy();
    await waitFor(() => !ben.provider.awareness.getStates().has(anaId), {
      what: "Ana's presence to clear at Ben",
    });
    expect(ben.provider.awareness.getStates().has(ben.doc.clientID)).toBe(true);
  });

  it("answers a lone client's presence renewal, so y-websocket's silence watchdog never drops it", async () => {
    const lone = await connect('acme/agreement/alone', 'ana');
    await lone.synced();
    const statuses: string[] = [];
    lone.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
    let received = 0;
    lone.provider.ws?.addEventListener('message', () => {
      received++;
    });
    const sinceMs = lone.provider.wsLastMessageReceived;
    // y-protocols renews a live client's presence like this every 15 s; the provider closes and
    // reopens a socket that has received nothing for 30 s. An answer to each renewal keeps the
    // watchdog's clock (wsLastMessageReceived) moving on a room where nobody else speaks.
    const awareness = lone.provider.awareness;
    for (let renewal = 1; renewal <= 3; renewal++) {
      awareness.setLocalState(awareness.getLocalState());
      await waitFor(() => received >= renewal, { what: `an answer to renewal ${renewal}` });
    }
    expect(lone.provider.wsLastMessageReceived).toBeGreaterThanOrEqual(sinceMs);
    expect(lone.provider.wsconnected).toBe(true);
    expect(statuses).toEqual([]);
    expect(awareness.getStates().has(lone.doc.clientID)).toBe(true);
  });

  it('answers a presence query even in a room where nobody has presence', async () => {
    const raw = connectRaw(
      relay.url,
      'acme/agreement/empty-presence',
      await relay.mintToken({ ws: 'acme', sub: 'q', role: 'editor' }),
    );
    await raw.opened;
    const before = raw.messages.length;
    raw.send(new Uint8Array([3]));
    await waitFor(() => raw.messages.slice(before).some((message) => message[0] === 1), {
      what: 'an awareness message in answer to the query',
    });
    raw.ws.close();
  });
});
