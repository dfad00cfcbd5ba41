import { afterAll } from 'vitest';
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
};

/** The store a started relay says it is on (its `listening` log line). */
export function storeOf(logs: readonly { msg?: string; [key: string]: unknown }[]): unknown {
  return logs.find((line) => line.msg === 'listening')?.store;
}

let postgres: Promise<PostgresServer> | null = null;

afterAll(async () => {
  const started = postgres;
  postgres = null;
  await (await started)?.destroy();
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

export const relayStores: RelayStore[] = [sqliteStore, postgresStore];
