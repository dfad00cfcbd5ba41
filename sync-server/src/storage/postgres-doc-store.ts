import pg from 'pg';
import { completeSnapshot, planCompaction, type StoredPart } from './compaction.js';
import { type Compaction, type DocStore, StoreClosedError, type StoredDoc } from './doc-store.js';
import { type AppendItem, groupCommit } from './group-commit.js';

/**
 * Documents in Postgres, for a company that runs its own database and more than one relay. Same
 * contract as the SQLite store (`doc-store.ts`): an append resolves after its commit; appends of
 * one turn go in one multi-row INSERT; compaction runs in one transaction under an advisory lock
 * per room, and merges what it reads that its caller had not seen, so two relays compacting the
 * same room lose nothing. Sequence numbers come from one `bigserial`: they grow per room for one
 * relay, and a row another relay commits late with a lower number is still loaded (loads read
 * every remaining row of the room) and left alone by a compaction that did not read it.
 */
export type PostgresDocStoreOptions = {
  /** `postgresql://user:password@host:port/database`; a unix socket as `?host=/path/to/dir`. */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** How long an operation waits for a connection before it fails. */
  connectTimeoutMs: number;
  observe?: (operation: 'load' | 'append' | 'compact', seconds: number) => void;
  /** An error on an idle connection (the server went away); the pool replaces the connection. */
  onIdleError?: (error: Error) => void;
};

export type PoolUse = { total: number; idle: number; waiting: number };

export type PostgresDocStore = DocStore & {
  poolUse(): PoolUse;
  /** One round trip to the server (`SELECT 1`): resolves once it answers. */
  probe(): Promise<void>;
};

/** Advisory lock namespaces (the two-key form), so our locks never meet another application's. */
const roomLockSpace = 0x50_41_43_54; // "PACT"
const schemaLockSpace = roomLockSpace + 1;

/** Each entry takes the schema from the version before it; the relay applies the missing ones at start. */
const migrations: readonly string[] = [
  `CREATE TABLE pactline_snapshots (
     room text PRIMARY KEY,
     data bytea NOT NULL,
     through_seq bigint NOT NULL,
     state_vector bytea
   );
   CREATE TABLE pactline_updates (
     seq bigserial PRIMARY KEY,
     room text NOT NULL,
     data bytea NOT NULL
   );
   CREATE INDEX pactline_updates_by_room ON pactline_updates (room, seq);`,
];

/** Postgres allows 65,535 parameters in a statement; two per row. */
const rowsPerInsert = 10_000;

export async function openPostgresDocStore(options: PostgresDocStoreOptions): Promise<PostgresDocStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: 'pactline-relay',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const observe = options.observe ?? (() => {});
  const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
  let isClosed = false;

  const writeBatch = async (items: AppendItem[]): Promise<number[]> => {
    const seqs: number[] = [];
    // One statement per chunk; a batch over one chunk goes in one transaction all the same.
    await inTransaction(
      pool,
      async (client) => {
        for (let start = 0; start < items.length; start += rowsPerInsert) {
          const chunk = items.slice(start, start + rowsPerInsert);
          const values = chunk.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
          const result = await client.query<{ seq: string }>(
            `INSERT INTO pactline_updates (room, data) VALUES ${values} RETURNING seq`,
            chunk.flatMap((item) => [item.room, item.update]),
          );
          // Rows take their numbers in the order of the VALUES list.
          for (const seq of result.rows.map((row) => Number(row.seq)).sort((a, b) => a - b)) seqs.push(seq);
        }
      },
      items.length > rowsPerInsert,
    );
    return seqs;
  };
  const appends = groupCommit(writeBatch, (seconds) => observe('append', seconds));

  return {
    async load(room: string): Promise<StoredDoc> {
      if (isClosed) throw new StoreClosedError('store is closed');
      const started = process.hrtime.bigint();
      // One snapshot of the database, so the snapshot row and the updates agree.
      const { snapshot, updates } = await inTransaction(
        pool,
        async (client) => ({
          snapshot: (
            await client.query<{ data: Buffer; through_seq: string; state_vector: Buffer | null }>(
              'SELECT data, through_seq, state_vector FROM pactline_snapshots WHERE room = $1',
              [room],
            )
          ).rows[0],
          updates: (
            await client.query<{ seq: string; data: Buffer }>(
              'SELECT seq, data FROM pactline_updates WHERE room = $1 ORDER BY seq',
              [room],
            )
          ).rows,
        }),
        true,
        'REPEATABLE READ READ ONLY',
      );
      observe('load', secondsSince(started));
      const snapshotSeq = snapshot ? Number(snapshot.through_seq) : 0;
      const seqs = updates.map((row) => Number(row.seq));
      return {
        snapshot: snapshot ? viewOf(snapshot.data) : null,
        snapshotStateVector: snapshot?.state_vector ? viewOf(snapshot.state_vector) : null,
        snapshotSeq,
        updates: updates.map((row) => viewOf(row.data)),
        seqs,
        lastSeq: Math.max(seqs[seqs.length - 1] ?? 0, snapshotSeq),
      };
    },
    append(room: string, update: Uint8Array): Promise<number> {
      if (isClosed) return Promise.reject(new StoreClosedError('store is closed'));
      return appends.append(room, update);
    },
    async compact(room: string, snapshot: Uint8Array, compaction: Compaction): Promise<number> {
      if (isClosed) throw new StoreClosedError('store is closed');
      const started = process.hrtime.bigint();
      const throughSeq = await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [roomLockSpace, room]);
        const current = (
          await client.query<{ through_seq: string }>(
            'SELECT through_seq FROM pactline_snapshots WHERE room = $1',
            [room],
          )
        ).rows[0];
        const storedSeqs = (
          await client.query<{ seq: string }>(
            'SELECT seq FROM pactline_updates WHERE room = $1 AND seq <= $2 ORDER BY seq',
            [room, compaction.throughSeq],
          )
        ).rows.map((row) => Number(row.seq));
        const plan = planCompaction(compaction, current ? Number(current.through_seq) : null, storedSeqs);
        const parts: StoredPart[] = [];
        if (plan.mergesStoredSnapshot) {
          const { rows } = await client.query<{ data: Buffer }>(
            'SELECT data FROM pactline_snapshots WHERE room = $1',
            [room],
          );
          parts.push({ seq: null, data: viewOf(rows[0]!.data) });
        }
        if (plan.unseen.length > 0) {
          const { rows } = await client.query<{ seq: string; data: Buffer }>(
            'SELECT seq, data FROM pactline_updates WHERE seq = ANY($1::bigint[]) ORDER BY seq',
            [plan.unseen],
          );
          for (const row of rows) parts.push({ seq: Number(row.seq), data: viewOf(row.data) });
        }
        const completed = completeSnapshot(snapshot, compaction.stateVector ?? null, storedSeqs, parts);
        await client.query(
          `INSERT INTO pactline_snapshots (room, data, through_seq, state_vector) VALUES ($1, $2, $3, $4)
           ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
             state_vector = excluded.state_vector`,
          [room, completed.snapshot, plan.throughSeq, completed.stateVector],
        );
        // Only the rows read above: one committed meanwhile with a lower number stays.
        await client.query('DELETE FROM pactline_updates WHERE seq = ANY($1::bigint[])', [
          completed.mergedSeqs,
        ]);
        return plan.throughSeq;
      });
      observe('compact', secondsSince(started));
      return throughSeq;
    },
    async close(): Promise<void> {
      if (isClosed) return;
      isClosed = true;
      await appends.drain();
      await pool.end();
    },
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    probe: async () => {
      await pool.query('SELECT 1');
    },
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  const onError = () => {};
  client.on('error', onError);
  try {
    // Relays starting together: one migrates, the others wait and then find nothing to do.
    await client.query('SELECT pg_advisory_lock($1, 0)', [schemaLockSpace]);
    await client.query('CREATE TABLE IF NOT EXISTS pactline_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM pactline_schema');
    if (rows.length === 0) await client.query('INSERT INTO pactline_schema (version) VALUES (0)');
    const version = rows[0]?.version ?? 0;
    if (version > migrations.length)
      throw new Error(
        `the database holds schema version ${version}, newer than this relay's ${migrations.length}: run the newer relay`,
      );
    for (const [index, migration] of migrations.entries()) {
      if (index < version) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration);
        await client.query('UPDATE pactline_schema SET version = $1', [index + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, 0)', [schemaLockSpace]).catch(() => {});
    client.off('error', onError);
    client.release();
  }
}

/**
 * Runs `work` on one connection, in a transaction when `isTransaction`. A connection that failed
 * is thrown away rather than returned to the pool.
 */
async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  isTransaction = true,
  mode = 'READ COMMITTED',
): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  // A connection that breaks while checked out emits 'error' between queries, and an 'error' no
  // one listens to ends the process: the pool listens only while the connection is idle.
  const onError = (error: Error) => {
    failure ??= error;
  };
  client.on('error', onError);
  try {
    if (isTransaction) await client.query(`BEGIN ISOLATION LEVEL ${mode}`);
    const result = await work(client);
    if (isTransaction) await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    if (isTransaction) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failure);
  }
}

/** The bytes pg gives, viewed as a plain Uint8Array without copying. */
function viewOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
