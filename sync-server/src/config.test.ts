import { defaultRelayLimits } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import { relayConfigFromEnv } from './config.js';

describe('relayConfigFromEnv', () => {
  it('uses the documented defaults for an empty environment', () => {
    const result = relayConfigFromEnv({});
    expect(result).toMatchObject({
      ok: true,
      config: {
        host: '127.0.0.1',
        port: 1234,
        dataDir: './data',
        secret: undefined,
        limits: defaultRelayLimits,
      },
    });
  });

  it('reads every variable, treating empty ones as unset', () => {
    const result = relayConfigFromEnv({
      PACTLINE_HOST: '0.0.0.0',
      PACTLINE_PORT: '0',
      PACTLINE_DATA_DIR: '/var/lib/pactline',
      PACTLINE_SECRET: '',
      PACTLINE_MAX_MESSAGE_BYTES: '65536',
      PACTLINE_MAX_PENDING_CONNECTIONS_PER_IP: '3',
      PACTLINE_SQLITE_SYNCHRONOUS: 'full',
      PACTLINE_SQLITE_WRITER: 'worker',
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        host: '0.0.0.0',
        port: 0,
        secret: undefined,
        sqliteSynchronous: 'full',
        sqliteWriter: 'worker',
        limits: { maxMessageBytes: 65536, maxPendingConnectionsPerIp: 3 },
      },
    });
  });

  it('reads the delivery settings, and refuses an allow list that is not CIDR ranges', () => {
    expect(relayConfigFromEnv({})).toMatchObject({
      ok: true,
      config: {
        webhookAllow: [],
        appUrl: null,
        delivery: { timeoutMs: 10_000, retryBaseMs: 30_000, giveUpAfterMs: 86_400_000 },
      },
    });
    expect(
      relayConfigFromEnv({
        PACTLINE_WEBHOOK_ALLOW: '10.0.0.0/8, 127.0.0.1',
        PACTLINE_APP_URL: 'https://pactline.example.com',
        PACTLINE_DELIVERY_RETRY_BASE_MS: '50',
      }),
    ).toMatchObject({
      ok: true,
      config: {
        webhookAllow: ['10.0.0.0/8', '127.0.0.1/32'],
        appUrl: 'https://pactline.example.com',
        delivery: { retryBaseMs: 50 },
      },
    });
    const invalid = relayConfigFromEnv({
      PACTLINE_WEBHOOK_ALLOW: '10.0.0.0/8,intranet',
      PACTLINE_APP_URL: 'ftp://x',
    });
    expect(invalid).toMatchObject({ ok: false, code: 'invalid_env' });
    expect(invalid.ok ? '' : invalid.message).toContain(
      'PACTLINE_WEBHOOK_ALLOW: "intranet" is not a CIDR range',
    );
    expect(invalid.ok ? '' : invalid.message).toContain('PACTLINE_APP_URL');
  });

  it('keeps documents in SQLite unless a Postgres URL is given, then reads its pool settings', () => {
    expect(relayConfigFromEnv({})).toMatchObject({ ok: true, config: { postgres: null } });
    expect(
      relayConfigFromEnv({
        PACTLINE_POSTGRES_URL: 'postgresql://relay:secret@db.internal:5432/pactline',
        PACTLINE_POSTGRES_POOL_SIZE: '25',
      }),
    ).toMatchObject({
      ok: true,
      config: {
        postgres: {
          url: 'postgresql://relay:secret@db.internal:5432/pactline',
          poolSize: 25,
          statementTimeoutMs: 15_000,
          connectTimeoutMs: 5_000,
        },
      },
    });
    const wrong = relayConfigFromEnv({ PACTLINE_POSTGRES_URL: 'mysql://db/pactline' });
    expect(wrong).toMatchObject({ ok: false, code: 'invalid_env' });
    expect(!wrong.ok && wrong.message).toContain('PACTLINE_POSTGRES_URL must be a postgresql:// URL');
  });

  it('shares rooms through Redis only beside Postgres, the relays’ common store', () => {
    expect(relayConfigFromEnv({})).toMatchObject({
      ok: true,
      config: { redisUrl: null, redisLeaseMs: 15_000 },
    });
    expect(relayConfigFromEnv({ PACTLINE_REDIS_LEASE_MS: '100' }).ok).toBe(false);
    const postgres = 'postgresql://relay@db.internal/pactline';
    for (const url of ['redis://cache.internal:6379/2', 'rediss://cache.internal', 'unix:///run/redis.sock'])
      expect(relayConfigFromEnv({ PACTLINE_POSTGRES_URL: postgres, PACTLINE_REDIS_URL: url })).toMatchObject({
        ok: true,
        config: { redisUrl: url },
      });
    const alone = relayConfigFromEnv({ PACTLINE_REDIS_URL: 'redis://cache.internal' });
    expect(alone).toMatchObject({ ok: false, code: 'invalid_env' });
    expect(!alone.ok && alone.message).toContain('PACTLINE_REDIS_URL needs PACTLINE_POSTGRES_URL');
    const wrong = relayConfigFromEnv({
      PACTLINE_POSTGRES_URL: postgres,
      PACTLINE_REDIS_URL: 'memcached://x',
    });
    expect(!wrong.ok && wrong.message).toContain('PACTLINE_REDIS_URL must be a redis://');
  });

  it('reports every invalid variable by name', () => {
    const result = relayConfigFromEnv({ PACTLINE_PORT: 'http', PACTLINE_SECRET: 'short' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('invalid_env');
    expect(result.message).toContain('PACTLINE_PORT');
    expect(result.message).toContain('PACTLINE_SECRET');
  });

  it('keeps metrics off by default and reads their token and own address', () => {
    expect(relayConfigFromEnv({})).toMatchObject({
      ok: true,
      config: { metricsToken: null, metricsListener: null },
    });
    expect(
      relayConfigFromEnv({ PACTLINE_METRICS_TOKEN: 'a-long-scrape-token', PACTLINE_METRICS_PORT: '9464' }),
    ).toMatchObject({
      ok: true,
      config: { metricsToken: 'a-long-scrape-token', metricsListener: { host: '127.0.0.1', port: 9464 } },
    });
    const short = relayConfigFromEnv({ PACTLINE_METRICS_TOKEN: 'short' });
    expect(short).toMatchObject({ ok: false, code: 'invalid_env' });
    expect(short.ok ? '' : short.message).toContain('PACTLINE_METRICS_TOKEN must be at least 16 characters');
  });
});
