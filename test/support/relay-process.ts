import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Role } from '@pactline/shared';
import { SignJWT } from 'jose';
import * as Y from 'yjs';
import { relayNodeFlags } from '../../sync-server/src/node-flags.js';

/**
 * Runs the real relay (sync-server's built `dist/main.js`) as a child process on 127.0.0.1, port 0,
 * with a fresh data dir unless one is given. Build it first:
 * `pnpm --filter @pactline/shared build && pnpm --filter @pactline/sync-server build`.
 */
export const relayMainPath = join(dirname(fileURLToPath(import.meta.url)), '../../sync-server/dist/main.js');

export type RelayClaims = {
  ws: string;
  sub: string;
  role: Role;
  name?: string;
  /** Seconds since the epoch; defaults to one hour from now. */
  exp?: number;
};

export type RelayLogLine = { msg?: string; level?: string; [key: string]: unknown };

export type StartRelayOptions = {
  dataDir?: string;
  /** Extra environment, e.g. `PACTLINE_MAX_MESSAGE_BYTES`. */
  env?: Record<string, string>;
  /** Extra flags for node, after the relay's own (`relayNodeFlags`), e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Another build of the relay's `main.js`, e.g. to compare two versions in a benchmark. */
  mainPath?: string;
};

export type RunningRelay = {
  port: number;
  /** `ws://127.0.0.1:<port>`: y-websocket appends `/<room>`. */
  url: string;
  httpUrl: string;
  dataDir: string;
  secret: string;
  pid: number;
  logs: RelayLogLine[];
  mintToken(claims: RelayClaims): Promise<string>;
  /** Sends a signal and waits for the process to exit; resolves with its exit code (null when killed). */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts the relay again on the same data dir, secret and port (after `kill`, or kills it first). */
  restart(): Promise<void>;
  /**
   * Stops the relay, writes `edit` of `room` straight into its store, and starts it again: data a
   * relay holds from before it checked what members write (an older release), which clients must
   * still read safely. Everything else goes through the relay.
   */
  storeWhileStopped(room: string, edit: (doc: Y.Doc) => void): Promise<void>;
  /** `/healthz`'s status (`ok`); throws when it does not answer 200. */
  healthz(): Promise<{ status: string }>;
  /** The bearer token `/metrics` asks for (`PACTLINE_METRICS_TOKEN`, random unless given). */
  metricsToken: string;
  /** The value of a Prometheus sample, e.g. `metric('pactline_relay_rooms_loaded')`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** The figures tests compare, from one scrape of `/metrics`. */
  stats(): Promise<RelayStats>;
};

export type RelayStats = {
  connections: number;
  roomsLoaded: number;
  pendingConnections: number;
  heapUsedBytes: number;
  /** What V8 has reserved for the heap (used or not). */
  heapTotalBytes: number;
  rssBytes: number;
};

/** The value of one sample in Prometheus text, 0 when absent. */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([^\s{]+)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return 0;
}

export async function mintRelayToken(secret: string, claims: RelayClaims): Promise<string> {
  const { exp, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(new TextEncoder().encode(secret));
}

export async function startRelay(options: StartRelayOptions = {}): Promise<RunningRelay> {
  const mainPath = options.mainPath ?? relayMainPath;
  if (!existsSync(mainPath)) {
    throw new Error(
      `relay is not built (${mainPath} missing): run pnpm --filter @pactline/shared build && pnpm --filter @pactline/sync-server build`,
    );
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pactline-relay-'));
  const secret = options.env?.PACTLINE_SECRET ?? randomBytes(24).toString('base64url');
  const metricsToken = options.env?.PACTLINE_METRICS_TOKEN ?? randomBytes(24).toString('base64url');
  const logs: RelayLogLine[] = [];
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  let port = 0;

  const launch = async (wantedPort: number) => {
    const proc = spawn(process.execPath, [...relayNodeFlags, ...(options.nodeArgs ?? []), mainPath], {
      env: {
        PATH: process.env.PATH ?? '',
        PACTLINE_HOST: '127.0.0.1',
        PACTLINE_PORT: String(wantedPort),
        PACTLINE_DATA_DIR: dataDir,
        PACTLINE_SECRET: secret,
        PACTLINE_METRICS_TOKEN: metricsToken,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const listening = new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        let parsed: RelayLogLine;
        try {
          parsed = JSON.parse(line) as RelayLogLine;
        } catch {
          parsed = { msg: line };
        }
        logs.push(parsed);
        if (parsed.msg === 'listening' && typeof parsed.port === 'number') resolve(parsed.port);
      });
      proc.once('exit', (code) =>
        reject(
          new Error(`relay exited with ${code} before listening: ${stderr}${JSON.stringify(logs.slice(-3))}`),
        ),
      );
    });
    port = await listening;
  };

  await launch(0);

  const relay: RunningRelay = {
    get port() {
      return port;
    },
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get httpUrl() {
      return `http://127.0.0.1:${port}`;
    },
    get pid() {
      return (child as ChildProcess | null)?.pid ?? -1;
    },
    dataDir,
    secret,
    logs,
    mintToken: (claims) => mintRelayToken(secret, claims),
    async kill(signal = 'SIGKILL') {
      const proc = child as ChildProcess | null;
      if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill(signal);
      return exited;
    },
    async restart() {
      await relay.kill('SIGKILL');
      await launch(port);
    },
    async storeWhileStopped(room, edit) {
      await relay.kill('SIGTERM');
      const { openSqliteDocStore } = (await import(
        pathToFileURL(join(dirname(mainPath), 'storage/sqlite-doc-store.js')).href
      )) as typeof import('../../sync-server/src/storage/sqlite-doc-store.js');
      const store = openSqliteDocStore({
        path: join(dataDir, 'relay.sqlite'),
        synchronous: 'full',
        writer: 'inline',
        checkpoints: 'inline',
      });
      try {
        const stored = await store.load(room);
        const doc = new Y.Doc();
        if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
        for (const update of stored.updates) Y.applyUpdate(doc, update);
        const before = Y.encodeStateVector(doc);
        edit(doc);
        await store.append(room, Y.encodeStateAsUpdate(doc, before));
      } finally {
        await store.close();
      }
      await launch(port);
    },
    async healthz() {
      const response = await fetch(`${relay.httpUrl}/healthz`);
      if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
      return (await response.json()) as { status: string };
    },
    metricsToken,
    async metric(name, labels = {}) {
      return sampleOf(await scrape(), name, labels);
    },
    async stats() {
      const text = await scrape();
      return {
        connections: sampleOf(text, 'pactline_relay_connections'),
        roomsLoaded: sampleOf(text, 'pactline_relay_rooms_loaded'),
        pendingConnections: sampleOf(text, 'pactline_relay_pending_connections'),
        heapUsedBytes: sampleOf(text, 'pactline_relay_nodejs_heap_size_used_bytes'),
        heapTotalBytes: sampleOf(text, 'pactline_relay_nodejs_heap_size_total_bytes'),
        rssBytes: sampleOf(text, 'pactline_relay_process_resident_memory_bytes'),
      };
    },
  };
  const scrape = async () => {
    const response = await fetch(`${relay.httpUrl}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    return response.text();
  };
  return relay;
}
