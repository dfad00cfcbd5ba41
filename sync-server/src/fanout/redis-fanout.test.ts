import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FanoutRoom, openRedisFanout, type PeerUpdate, type RoomFanout } from './redis-fanout.js';
import { type RedisServer, startRedis } from './testing/redis-server.js';

/**
 * The fan-out between relays against a real Redis (Debian's redis-server on a unix socket): what
 * one relay publishes the others receive, never itself; one relay at a time holds a log's stamps;
 * a lost subscription is mended by a catch-up from the store.
 */
let redis: RedisServer;
const opened: RoomFanout[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.destroy();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fanout) => fanout.close()));
});

async function open(leaseMs = 15_000, name?: string): Promise<RoomFanout> {
  const fanout = await openRedisFanout({ url: redis.url, leaseMs, name });
  opened.push(fanout);
  return fanout;
}

type Heard = {
  updates: PeerUpdate[];
  catchUps: number;
  taken: number;
  presence: Uint8Array[];
  asked: number;
};

function listener(): FanoutRoom & { heard: Heard } {
  const heard: Heard = { updates: [], catchUps: 0, taken: 0, presence: [], asked: 0 };
  return {
    heard,
    receive: (peer) => heard.updates.push(peer),
    receiveAwareness: (update) => heard.presence.push(update),
    awarenessAsked: () => heard.asked++,
    catchUp: () => heard.catchUps++,
    stampsTaken: () => heard.taken++,
  };
}

/** Drops the connections whose CLIENT LIST line `which` picks, as a network fault would. */
async function dropConnections(which: (line: string) => boolean): Promise<void> {
  const inspector = new Redis({ path: new URL(redis.url).pathname });
  const own = await inspector.client('ID');
  const list = (await inspector.client('LIST')) as string;
  for (const line of list.split('\n')) {
    const id = Number(/^id=(\d+)/.exec(line)?.[1]);
    if (Number.isFinite(id) && id !== own && which(line)) await inspector.client('KILL', 'ID', String(id));
  }
  await inspector.quit();
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('fan-out through Redis', () => {
  it('delivers what one relay publishes to every other relay in the room, in order, and not to itself', async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    const [onA, onB, elsewhere] = [listener(), listener(), listener()];
    await a.join('acme:workspace', onA, { stamps: false });
    await b.join('acme:workspace', onB, { stamps: false });
    await c.join('acme:agreement:sla', elsewhere, { stamps: false });
    for (let seq = 1; seq <= 50; seq++)
      a.publish('acme:workspace', { update: new Uint8Array([seq, 1, 2]), seq, isHistory: seq === 7 });
    await until(() => onB.heard.updates.length === 50, 'the 50 updates on relay B');
    expect(onB.heard.updates.map((peer) => peer.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(onB.heard.updates[6]).toEqual({ update: new Uint8Array([7, 1, 2]), seq: 7, isHistory: true });
    expect(onB.heard.updates[7]?.isHistory).toBe(false);
    // A later message from B proves A's own messages had every chance to come back to it.
    b.publish('acme:workspace', { update: new Uint8Array([9]), seq: 51, isHistory: false });
    await until(() => onA.heard.updates.length === 1, "B's update on relay A");
    expect(onA.heard.updates.map((peer) => peer.seq)).toEqual([51]);
    expect(elsewhere.heard.updates).toEqual([]);
  });

  it('carries presence between relays, and asks the others for theirs when a relay joins a room', async () => {
    const [a, b] = [await open(), await open()];
    const [onA, onB] = [listener(), listener()];
    await a.join('acme/agreement/sla', onA, { stamps: false });
    await b.join('acme/agreement/sla', onB, { stamps: false });
    // B joined after A: A is asked for the presence of its clients; B is not asked by itself.
    await until(() => onA.heard.asked === 1, 'relay A asked for presence');
    expect(onB.heard.asked).toBe(0);
    b.publishAwareness('acme/agreement/sla', new Uint8Array([1, 2, 3]));
    await until(() => onA.heard.presence.length === 1, 'the presence on relay A');
    expect(onA.heard.presence[0]).toEqual(new Uint8Array([1, 2, 3]));
    expect(onB.heard.presence).toEqual([]);
  });

  it('stops delivering a room a relay left, while the others go on', async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    const [onB, onC] = [listener(), listener()];
    await a.join('acme:workspace', listener(), { stamps: false });
    await b.join('acme:workspace', onB, { stamps: false });
    await c.join('acme:workspace', onC, { stamps: false });
    b.leave('acme:workspace');
    await new Promise((resolve) => setTimeout(resolve, 50));
    a.publish('acme:workspace', { update: new Uint8Array([1]), seq: 1, isHistory: false });
    await until(() => onC.heard.updates.length === 1, 'the update on relay C');
    expect(onB.heard.updates).toEqual([]);
  });

  it('gives a log’s stamps to one relay at a time, and to the next one at once when the holder leaves', async () => {
    const [a, b] = [await open(), await open()];
    const [onA, onB] = [listener(), listener()];
    await a.join('acme:handoffs:2026-12', onA, { stamps: true });
    await b.join('acme:handoffs:2026-12', onB, { stamps: true });
    expect(a.holdsStamps('acme:handoffs:2026-12')).toBe(true);
    expect(b.holdsStamps('acme:handoffs:2026-12')).toBe(false);
    expect(onA.heard.taken).toBe(1);
    a.leave('acme:handoffs:2026-12');
    expect(a.holdsStamps('acme:handoffs:2026-12')).toBe(false);
    // Well within the lease's 15 s: B is told that A let go.
    await until(() => b.holdsStamps('acme:handoffs:2026-12'), 'relay B holding the stamps');
    expect(onB.heard.taken).toBe(1);
  });

  it('gives a relay restarted after a crash its own leases back at once', async () => {
    // What the crashed relay left: its lease, unexpired, under the id kept in its data dir.
    const inspector = new Redis({ path: new URL(redis.url).pathname });
    await inspector.set('pactline:stamps:acme:handoffs:2026-10', 'relay-a-id', 'PX', 60_000);
    await inspector.quit();
    const restarted = await openRedisFanout({ url: redis.url, relayId: 'relay-a-id' });
    opened.push(restarted);
    const other = await open();
    await other.join('acme:handoffs:2026-10', listener(), { stamps: true });
    await restarted.join('acme:handoffs:2026-10', listener(), { stamps: true });
    expect(restarted.holdsStamps('acme:handoffs:2026-10')).toBe(true);
    expect(other.holdsStamps('acme:handoffs:2026-10')).toBe(false);
  });

  it('gives the stamps of a relay that died to another once its lease runs out', async () => {
    // What a relay killed while it held the stamps leaves behind: a lease nobody renews.
    const inspector = new Redis({ path: new URL(redis.url).pathname });
    await inspector.set('pactline:stamps:acme:handoffs:2026-11', 'a-dead-relay', 'PX', 600);
    await inspector.quit();
    const b = await open(600);
    const onB = listener();
    await b.join('acme:handoffs:2026-11', onB, { stamps: true });
    expect(b.holdsStamps('acme:handoffs:2026-11')).toBe(false);
    await until(() => b.holdsStamps('acme:handoffs:2026-11'), 'relay B holding the stamps');
    expect(onB.heard.taken).toBe(1);
  });

  it('asks every room to catch up from the store when its subscription was lost, and delivers again after', async () => {
    const [a, b] = [await open(), await open(15_000, 'relay-b')];
    const onB = listener();
    await a.join('acme:workspace', listener(), { stamps: false });
    await b.join('acme:workspace', onB, { stamps: false });
    await dropConnections((line) => line.includes('name=relay-b:subscriber'));
    await until(() => onB.heard.catchUps >= 1, 'a catch-up on relay B');
    a.publish('acme:workspace', { update: new Uint8Array([3]), seq: 3, isHistory: false });
    await until(() => onB.heard.updates.some((peer) => peer.seq === 3), 'delivery after the reconnection');
  });

  it('makes good a publish Redis did not take: the peers catch up from the store', async () => {
    const a = await open(15_000, 'relay-a');
    const b = await open();
    const onB = listener();
    await a.join('acme:workspace', listener(), { stamps: false });
    await b.join('acme:workspace', onB, { stamps: false });
    // A's command connection drops (B's subscription stays): the publish cannot go out as it is.
    await dropConnections((line) => line.includes('name=relay-a:commands'));
    a.publish('acme:workspace', { update: new Uint8Array([4]), seq: 4, isHistory: false });
    // B hears of it either way: the update itself when the client resent it, or A's catch-up notice.
    await until(
      () => onB.heard.catchUps >= 1 || onB.heard.updates.some((peer) => peer.seq === 4),
      'relay B hearing of the update',
    );
  });

  it('keeps the rooms across a Redis restart: each catches up, and delivery resumes', async () => {
    const [a, b] = [await open(), await open()];
    const onB = listener();
    await a.join('acme:workspace', listener(), { stamps: false });
    await b.join('acme:workspace', onB, { stamps: false });
    expect(a.health()).toEqual({ isAvailable: true });
    await redis.stop();
    await until(() => !a.health().isAvailable, 'relay A seeing Redis gone');
    expect(a.health()).toMatchObject({
      isAvailable: false,
      sinceMs: expect.any(Number),
      error: expect.any(String),
    });
    a.publish('acme:workspace', { update: new Uint8Array([5]), seq: 5, isHistory: false });
    await redis.start();
    await until(() => onB.heard.catchUps >= 1, 'a catch-up on relay B');
    await until(() => a.health().isAvailable, 'relay A seeing Redis back');
    await until(() => {
      a.publish('acme:workspace', { update: new Uint8Array([6]), seq: 6, isHistory: false });
      return onB.heard.updates.some((peer) => peer.seq === 6);
    }, 'delivery after the restart');
  });
});
