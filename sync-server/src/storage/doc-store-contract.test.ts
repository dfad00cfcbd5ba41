import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openPostgresDocStore } from './postgres-doc-store.js';
import { openSqliteDocStore } from './sqlite-doc-store.js';
import { describeDocStoreContract } from './testing/doc-store-contract.js';
import { type PostgresServer, startPostgres } from './testing/postgres-server.js';

describeDocStoreContract('SQLite', {
  fresh: async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pactline-store-')), 'relay.sqlite');
    return {
      open: async (observe) =>
        openSqliteDocStore({ path, synchronous: 'full', writer: 'inline', checkpoints: 'inline', observe }),
    };
  },
});

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.destroy();
});

describeDocStoreContract('Postgres', {
  fresh: async () => {
    const url = await postgres.createDatabase();
    return {
      open: (observe) =>
        openPostgresDocStore({
          url,
          poolSize: 4,
          statementTimeoutMs: 10_000,
          connectTimeoutMs: 5_000,
          observe,
        }),
    };
  },
});
