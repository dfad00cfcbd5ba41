import { defaultRelayLimits, type RelayLimits } from '@pactline/shared';
import { z } from 'zod';
import { parseCidrList } from './delivery/address-policy.js';

/**
 * The relay's configuration, read from environment variables by `main.ts` only. Every limit has a
 * default from `defaultRelayLimits` and can be overridden.
 */
export type RelayConfig = {
  host: string;
  port: number;
  dataDir: string;
  /** HS256 key; when absent, one is generated and kept in the data dir. */
  secret: string | undefined;
  limits: RelayLimits;
  /** A room with no connections is unloaded after this long (its state is stored first). */
  unloadAfterMs: number;
  /** Stored updates of a room are merged into its snapshot once there are this many. */
  compactAfterUpdates: number;
  /**
   * `normal` (default): a stored update survives a crash or kill -9 of the relay (it is in the WAL
   * before anyone receives it) but the last ones may be lost if the machine itself loses power.
   * `full` also syncs each commit to disk: survives power loss, at the cost of a disk sync per batch.
   */
  sqliteSynchronous: 'full' | 'normal';
  /**
   * Where SQLite commits run: `inline` on the event loop; `worker` in a worker thread, meant to keep
   * FULL's disk syncs off the event loop (measured slower on a busy 2-core machine). Default:
   * `worker` with `sqliteSynchronous: 'full'`, `inline` otherwise.
   */
  sqliteWriter: 'worker' | 'inline';
  /**
   * Documents in Postgres rather than the embedded SQLite file (`PACTLINE_POSTGRES_URL`); null:
   * SQLite in the data dir. Notifications and deliveries stay in the data dir either way.
   */
  postgres: PostgresConfig | null;
  /**
   * Redis through which several relays share every room (`PACTLINE_REDIS_URL`; needs Postgres,
   * the relays' common store); null: this relay is the only one.
   */
  redisUrl: string | null;
  /** How long a relay's lease on a handoff log's stamps lasts unless renewed (renewed at a third). */
  redisLeaseMs: number;
  /** Whether the watcher records rungs and breaches of open clocks in this process (default on). */
  isWatcherOn: boolean;
  /** How many months of handoff logs back (the current one included) the watcher keeps open. */
  watcherMonths: number;
  /** CIDR ranges webhooks may reach although they are not public (`PACTLINE_WEBHOOK_ALLOW`). */
  webhookAllow: string[];
  /** Where the PWA is served, for links in escalation messages; null: no link. */
  appUrl: string | null;
  delivery: { timeoutMs: number; retryBaseMs: number; giveUpAfterMs: number };
  /** Bearer token `/metrics` asks for; null: none asked (then only a separate listener serves it). */
  metricsToken: string | null;
  /** A listener of its own for `/metrics`; null: `/metrics` is on the relay's port (token needed). */
  metricsListener: { host: string; port: number } | null;
};

export type PostgresConfig = {
  url: string;
  /** Connections the relay keeps open at most. */
  poolSize: number;
  /** A statement running longer is cancelled (and the operation fails) rather than holding a connection. */
  statementTimeoutMs: number;
  /** How long an operation waits for a connection (Postgres unreachable: this long, then refused). */
  connectTimeoutMs: number;
};

const intFrom = (min: number) => z.coerce.number().int().min(min);

const envSchema = z.object({
  PACTLINE_HOST: z.string().min(1).default('127.0.0.1'),
  PACTLINE_PORT: intFrom(0).max(65535).default(1234),
  PACTLINE_DATA_DIR: z.string().min(1).default('./data'),
  PACTLINE_SECRET: z.string().min(16, 'PACTLINE_SECRET must be at least 16 characters').optional(),
  PACTLINE_MAX_MESSAGE_BYTES: intFrom(1024).default(defaultRelayLimits.maxMessageBytes),
  PACTLINE_MAX_DOCUMENT_BYTES: intFrom(1024).default(defaultRelayLimits.maxDocumentBytes),
  PACTLINE_MAX_AWARENESS_BYTES: intFrom(64).default(defaultRelayLimits.maxAwarenessBytes),
  PACTLINE_MAX_MESSAGES_PER_SECOND: intFrom(1).default(defaultRelayLimits.maxMessagesPerSecond),
  PACTLINE_MAX_PENDING_CONNECTIONS_PER_IP: intFrom(1).default(defaultRelayLimits.maxPendingConnectionsPerIp),
  PACTLINE_MAX_SEND_BUFFER_BYTES: intFrom(1024).default(defaultRelayLimits.maxSendBufferBytes),
  PACTLINE_UNLOAD_AFTER_MS: intFrom(0).default(1000),
  PACTLINE_COMPACT_AFTER_UPDATES: intFrom(1).default(500),
  PACTLINE_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('normal'),
  PACTLINE_SQLITE_WRITER: z.enum(['worker', 'inline']).optional(),
  PACTLINE_POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'PACTLINE_POSTGRES_URL must be a postgresql:// URL')
    .optional(),
  PACTLINE_POSTGRES_POOL_SIZE: intFrom(1).max(1000).default(10),
  PACTLINE_POSTGRES_STATEMENT_TIMEOUT_MS: intFrom(100).default(15_000),
  PACTLINE_POSTGRES_CONNECT_TIMEOUT_MS: intFrom(100).default(5_000),
  PACTLINE_REDIS_URL: z
    .string()
    .regex(/^(rediss?|unix):\/\//, 'PACTLINE_REDIS_URL must be a redis://, rediss:// or unix:// URL')
    .optional(),
  PACTLINE_REDIS_LEASE_MS: intFrom(300).max(600_000).default(15_000),
  PACTLINE_WATCHER: z.enum(['on', 'off']).default('on'),
  PACTLINE_WATCHER_MONTHS: intFrom(1).max(24).default(3),
  PACTLINE_METRICS_TOKEN: z
    .string()
    .min(16, 'PACTLINE_METRICS_TOKEN must be at least 16 characters')
    .optional(),
  PACTLINE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  PACTLINE_WEBHOOK_ALLOW: z
    .string()
    .default('')
    .transform((text, context) => {
      const parsed = parseCidrList(text);
      if (parsed.ok) return parsed.ranges;
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
  PACTLINE_APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  PACTLINE_DELIVERY_TIMEOUT_MS: intFrom(100).max(120_000).default(10_000),
  PACTLINE_DELIVERY_RETRY_BASE_MS: intFrom(10).default(30_000),
  PACTLINE_DELIVERY_GIVE_UP_MS: intFrom(1_000).default(24 * 60 * 60_000),
  PACTLINE_METRICS_PORT: intFrom(0).max(65535).optional(),
});

export type RelayConfigResult =
  | { ok: true; config: RelayConfig }
  | { ok: false; code: 'invalid_env'; message: string };

export function relayConfigFromEnv(env: Record<string, string | undefined>): RelayConfigResult {
  // An empty variable means "not set", as shells make it easy to export one by accident.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { ok: false, code: 'invalid_env', message };
  }
  const e = parsed.data;
  if (e.PACTLINE_REDIS_URL !== undefined && e.PACTLINE_POSTGRES_URL === undefined)
    return {
      ok: false,
      code: 'invalid_env',
      message:
        'PACTLINE_REDIS_URL needs PACTLINE_POSTGRES_URL: relays that share rooms through Redis share one Postgres store',
    };
  return {
    ok: true,
    config: {
      host: e.PACTLINE_HOST,
      port: e.PACTLINE_PORT,
      dataDir: e.PACTLINE_DATA_DIR,
      secret: e.PACTLINE_SECRET,
      limits: {
        maxMessageBytes: e.PACTLINE_MAX_MESSAGE_BYTES,
        maxDocumentBytes: e.PACTLINE_MAX_DOCUMENT_BYTES,
        maxAwarenessBytes: e.PACTLINE_MAX_AWARENESS_BYTES,
        maxMessagesPerSecond: e.PACTLINE_MAX_MESSAGES_PER_SECOND,
        maxPendingConnectionsPerIp: e.PACTLINE_MAX_PENDING_CONNECTIONS_PER_IP,
        maxSendBufferBytes: e.PACTLINE_MAX_SEND_BUFFER_BYTES,
      },
      unloadAfterMs: e.PACTLINE_UNLOAD_AFTER_MS,
      compactAfterUpdates: e.PACTLINE_COMPACT_AFTER_UPDATES,
      sqliteSynchronous: e.PACTLINE_SQLITE_SYNCHRONOUS,
      sqliteWriter:
        e.PACTLINE_SQLITE_WRITER ?? (e.PACTLINE_SQLITE_SYNCHRONOUS === 'full' ? 'worker' : 'inline'),
      postgres:
        e.PACTLINE_POSTGRES_URL === undefined
          ? null
          : {
              url: e.PACTLINE_POSTGRES_URL,
              poolSize: e.PACTLINE_POSTGRES_POOL_SIZE,
              statementTimeoutMs: e.PACTLINE_POSTGRES_STATEMENT_TIMEOUT_MS,
              connectTimeoutMs: e.PACTLINE_POSTGRES_CONNECT_TIMEOUT_MS,
            },
      redisUrl: e.PACTLINE_REDIS_URL ?? null,
      redisLeaseMs: e.PACTLINE_REDIS_LEASE_MS,
      isWatcherOn: e.PACTLINE_WATCHER === 'on',
      watcherMonths: e.PACTLINE_WATCHER_MONTHS,
      webhookAllow: e.PACTLINE_WEBHOOK_ALLOW,
      appUrl: e.PACTLINE_APP_URL ?? null,
      delivery: {
        timeoutMs: e.PACTLINE_DELIVERY_TIMEOUT_MS,
        retryBaseMs: e.PACTLINE_DELIVERY_RETRY_BASE_MS,
        giveUpAfterMs: e.PACTLINE_DELIVERY_GIVE_UP_MS,
      },
      metricsToken: e.PACTLINE_METRICS_TOKEN ?? null,
      metricsListener:
        e.PACTLINE_METRICS_PORT === undefined
          ? null
          : { host: e.PACTLINE_METRICS_HOST, port: e.PACTLINE_METRICS_PORT },
    },
  };
}
