import { afterAll } from 'vitest';
import { type RedisServer, startRedis } from '../../sync-server/src/fanout/testing/redis-server.js';
import { type PostgresServer, startPostgres } from '../../sync-server/src/storage/testing/postgres-server.js';

/**
 * The relay's document stores, for tests that must hold on each: the environment that selects a
 * store, on fresh storage every call. Postgres is a real server from Debian's package, started on
 * first use in the test file and stopped after it.
 */
export type RelayStore = {
  label: string;
  /** What the relay says it runs on when it starts listening. */
  name: 'sqlite' | 'postgres';
  env(): Promise<Record<string, string>>;
  /** Whether the test starts a second relay on the same environment, sharing every room. */
  hasPeer?: boolean;
};

/** The store a started relay says it is on (its `listening` log line). */
export function storeOf(logs: readonly { msg?: string; [key: string]: unknown }[]): unknown {
  return logs.find((line) => line.msg === 'listening')?.store;
}

let postgres: Promise<PostgresServer> | null = null;
let redis: Promise<RedisServer> | null = null;

afterAll(async () => {
  const started = [postgres, redis];
  postgres = null;
  redis = null;
  for (const server of started) await (await server)?.destroy();
});

export const sqliteStore: RelayStore = { label: 'SQLite', name: 'sqlite', env: async () => ({}) };

export const postgresStore: RelayStore = {
  label: 'Postgres',
  name: 'postgres',
  async env() {
    postgres ??= startPostgres();
    return { PACTLINE_POSTGRES_URL: await (await postgres).createDatabase() };
  },
};

/** Two relays on one Postgres sharing every room through one Redis (Debian's, started on first use). */
export const twoRelaysStore: RelayStore = {
  label: 'two relays on Postgres and Redis',
  name: 'postgres',
  hasPeer: true,
  async env() {
    redis ??= startRedis();
    return { ...(await postgresStore.env()), PACTLINE_REDIS_URL: (await redis).url };
  },
};

export const relayStores: RelayStore[] = [sqliteStore, postgresStore];
