import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real Postgres from Debian's package, on a unix socket in a temp folder, for tests and
 * benchmarks: no port to race for, nothing of the system's service touched. Postgres refuses to run
 * as root, so under root (CI) its programs run as the `postgres` user through `runuser`.
 */
export type PostgresServer = {
  /** A connection URL for `database` over the server's socket. */
  url(database?: string): string;
  /** A new, empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (a fast shutdown, as an operator's restart or an outage would). */
  stop(): Promise<void>;
  /** Starts it again on the same folder, with everything it held. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
};

export type PostgresServerOptions = {
  /** Sync commits to disk (a benchmark's fair comparison). Tests of the relay leave it off. */
  isDurable?: boolean;
};

const user = 'pactline';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  } catch {
    // No Postgres installed: said below.
  }
  if (versions[0] === undefined)
    throw new Error(`no Postgres under ${root}: install Debian's postgresql package (.ci/run does)`);
  return join(root, versions[0], 'bin');
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  const isRoot = process.getuid?.() === 0;
  // Directly under the temp folder: the postgres user must reach it, and a socket path is short.
  const dir = mkdtempSync(join(tmpdir(), 'pactline-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const command = isRoot ? 'runuser' : join(bin, program);
    const commandArgs = isRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', user, '--no-sync']);
  const settings = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    `-c fsync=${options.isDurable ? 'on' : 'off'}`,
    '-c max_connections=200',
  ].join(' ');
  const start = async () =>
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = async () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();

  let databases = 0;
  const url = (database = 'postgres') => `postgresql://${user}@/${database}?host=${encodeURIComponent(dir)}`;
  return {
    url,
    async createDatabase() {
      const name = `store_${++databases}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    start,
    async destroy() {
      try {
        await stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
