import { randomBytes } from 'node:crypto';
import type { Handoff } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import { type RedisServer, startRedis } from '../../sync-server/src/fanout/testing/redis-server.js';
import { type PostgresServer, startPostgres } from '../../sync-server/src/storage/testing/postgres-server.js';
import { type RunningRelay, startRelay } from './relay-process.js';

/**
 * Relays sharing every room: real relay processes on one Postgres and one Redis (Debian's servers,
 * started here on unix sockets in temp folders), with one secret, so a token minted by any of them
 * opens a room on all of them.
 */
export type RelayGroup = {
  relays: RunningRelay[];
  postgres: PostgresServer;
  redis: RedisServer;
  /** Kills every relay and removes both servers. */
  stop(): Promise<void>;
};

export async function startRelayGroup(options: {
  count: number;
  /** Environment for every relay beside the store, Redis and secret (e.g. `PACTLINE_WATCHER`). */
  env?: Record<string, string>;
  /** Waited for after each relay starts, before the next (e.g. "this one took the watcher"). */
  afterStart?: (relay: RunningRelay) => Promise<void>;
}): Promise<RelayGroup> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const env = {
    PACTLINE_SECRET: randomBytes(24).toString('base64url'),
    PACTLINE_POSTGRES_URL: await postgres.createDatabase(),
    PACTLINE_REDIS_URL: redis.url,
    ...options.env,
  };
  const relays: RunningRelay[] = [];
  for (let index = 0; index < options.count; index++) {
    const relay = await startRelay({ env });
    relays.push(relay);
    await options.afterStart?.(relay);
  }
  return {
    relays,
    postgres,
    redis,
    async stop() {
      await Promise.all(relays.map((relay) => relay.kill('SIGKILL')));
      await Promise.all([postgres.destroy(), redis.destroy()]);
    },
  };
}

/** A handoff as a member logs it (no events), from `fromUserId`, for the relays' log tests. */
export function memberHandoff(id: string, fromUserId: string, startedAtMs: number): Handoff {
  const { events: _events, ...handoff } = testHandoff(id, startedAtMs, {
    agreementId: 'sla',
    fromUserId,
    fromPartyId: 'sdr',
    toPartyId: 'ae',
  });
  return handoff;
}
