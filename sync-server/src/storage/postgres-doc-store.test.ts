import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDocStore, type PostgresDocStoreOptions } from './postgres-doc-store.js';
import { type PostgresServer, startPostgres } from './testing/postgres-server.js';

// What every store does is in `testing/doc-store-contract.ts`; this is what only a server has:
// a schema it migrates, relays that start together, a server that is not there.
let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.destroy();
});

const optionsFor = (url: string): PostgresDocStoreOptions => ({
  url,
  poolSize: 2,
  statementTimeoutMs: 5_000,
  connectTimeoutMs: 2_000,
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the Postgres document store', () => {
  it('creates its schema once when several relays start on an empty database together, and records its version', async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresDocStore(optionsFor(url))));
    const seqs = await Promise.all(stores.map((store, i) => store.append('r', new Uint8Array([0, 0, i]))));
    expect(new Set(seqs).size).toBe(3);
    for (const store of stores) await store.close();
    expect(await query(url, 'SELECT version FROM pactline_schema')).toEqual([{ version: 1 }]);
    // Opening again finds nothing to do and keeps what was stored.
    const again = await openPostgresDocStore(optionsFor(url));
    expect((await again.load('r')).updates).toHaveLength(3);
    await again.close();
  });

  it('refuses a database whose schema a newer relay wrote, saying so, and changes nothing', async () => {
    const url = await postgres.createDatabase();
    await (await openPostgresDocStore(optionsFor(url))).close();
    await query(url, 'UPDATE pactline_schema SET version = 99');
    await expect(openPostgresDocStore(optionsFor(url))).rejects.toThrow(
      /schema version 99, newer than this relay's 1/,
    );
    expect(await query(url, 'SELECT version FROM pactline_schema')).toEqual([{ version: 99 }]);
  });

  it('fails to open, with the reason, when the server cannot be reached', async () => {
    const nowhere = postgres
      .url()
      .replace(/host=[^&]+/, `host=${encodeURIComponent('/nonexistent/pactline')}`);
    await expect(openPostgresDocStore(optionsFor(nowhere))).rejects.toThrow(/ENOENT|connect/);
  });

  it('reports how its connections are used, for the metrics', async () => {
    const store = await openPostgresDocStore(optionsFor(await postgres.createDatabase()));
    await store.append('r', new Uint8Array([0, 0]));
    const use = store.poolUse();
    expect(use.total).toBeGreaterThanOrEqual(1);
    expect(use.total).toBeLessThanOrEqual(2);
    expect(use.waiting).toBe(0);
    await store.close();
  });
});
