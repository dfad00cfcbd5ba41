import { execFile } from 'node:child_process';
import { appendHandoff, handoffsRoomFor } from '@pactline/shared/doc';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type PostgresServer, startPostgres } from '../../sync-server/src/storage/testing/postgres-server.js';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { memberHandoff } from '../support/relay-group.js';
import { type RunningRelay, relayMainPath, startRelay } from '../support/relay-process.js';

/**
 * `verify-log` against a relay on Postgres: it reads the chains from the database the relay's
 * environment names (read-only, while the relay runs), says every month verified, and names the
 * entry someone with access to the database changed behind the relay's back.
 */
const startedAtMs = Date.UTC(2026, 11, 2, 9);
const room = handoffsRoomFor('acme', startedAtMs);

const handoff = (id: string) => memberHandoff(id, 'sam', startedAtMs);

describe('verify-log on the Postgres store', () => {
  let postgres: PostgresServer;
  let databaseUrl: string;
  let relay: RunningRelay;
  const clients: ProviderClient[] = [];

  const verifyLog = (env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [relayMainPath, 'verify-log'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            PACTLINE_SECRET: relay.secret,
            PACTLINE_DATA_DIR: relay.dataDir,
            PACTLINE_POSTGRES_URL: databaseUrl,
            ...env,
          },
        },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });

  beforeAll(async () => {
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase();
    relay = await startRelay({ env: { PACTLINE_POSTGRES_URL: databaseUrl, PACTLINE_WATCHER: 'off' } });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
    await postgres?.destroy();
  });

  it('verifies the months stored in Postgres, and names an entry changed in the database', async () => {
    const sam = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'sam', role: 'editor' }),
    );
    clients.push(sam);
    await sam.synced();
    for (let index = 0; index < 5; index++)
      expect(appendHandoff(sam.doc, handoff(`h${index}`)).ok).toBe(true);
    await waitFor(() => sam.doc.getMap('chain').size === 5, { what: 'five linked entries' });

    const clean = await verifyLog();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`${room}: verified (handoffs 5 linked;`);

    // What was tried: someone with the database adds an update that changes h0's lead name.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(sam.doc));
    const before = Y.encodeStateVector(copy);
    copy
      .getMap('handoffs')
      .set('h0', { ...handoff('h0'), lead: { ...handoff('h0').lead, displayName: 'Someone else' } });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('INSERT INTO pactline_updates (room, data) VALUES ($1, $2)', [
      room,
      Buffer.from(Y.encodeStateAsUpdate(copy, before)),
    ]);
    await db.end();
    const tampered = await verifyLog();
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`${room}: BROKEN`);
    expect(tampered.stdout).toMatch(/handoffs\/h0 \(entry \d+ of the chain\) is not what was linked/);

    // And a database it cannot reach is said plainly, exit 2.
    const unreachable = await verifyLog({
      PACTLINE_POSTGRES_URL: 'postgresql://nobody@/none?host=/nonexistent',
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stdout).toContain('cannot read the Postgres store');
  });
});
