import type { Log } from '../log.js';
import type { AddressPolicy } from './address-policy.js';
import { renderForChannel } from './channel-formats.js';
import type { Channel, Delivery, DeliveryStore } from './delivery-store.js';
import { postWebhook, type WebhookAttempt, type WebhookRequest } from './post-webhook.js';

/**
 * Sends pending deliveries, at least once: a delivery is marked delivered only after its endpoint
 * answered 2xx, so one sent when the relay was killed is sent again after the restart, with the same
 * idempotency key. Failures worth retrying (5xx, 408, 429, a timeout, the network) are retried
 * with jittered exponential backoff until `giveUpAfterMs` after the delivery was queued, then the
 * delivery is failed; a refused target, a redirect and other 4xx answers fail at once (an admin
 * fixes the channel and presses "retry now").
 *
 * It runs beside the sync path, never on it: requests are asynchronous, at most `concurrency` at
 * once and `perHostConcurrency` per host, and the queue sleeps on one timer until the next due
 * attempt (no polling loop).
 */
export type DeliveryQueueOptions = {
  store: DeliveryStore;
  policy: AddressPolicy;
  log: Log;
  nowMs?: () => number;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
  send?: (request: WebhookRequest) => Promise<WebhookAttempt>;
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  giveUpAfterMs?: number;
  concurrency?: number;
  perHostConcurrency?: number;
  onAttempt?: (channel: Channel | null, delivery: Delivery, attempt: WebhookAttempt) => void;
};

export type DeliveryQueue = {
  /** Something was queued or made due: look again now. */
  wake(): void;
  /** Resolves once no delivery is pending or in flight: each was delivered or failed (tests). */
  settled(): Promise<void>;
  close(): void;
};

export const deliveryDefaults = {
  timeoutMs: 10_000,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  concurrency: 16,
  perHostConcurrency: 4,
};

/** The wait before retry `attempts` (1 = after the first failure): half fixed, half random. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function startDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { store, policy, log } = options;
  const nowMs = options.nowMs ?? Date.now;
  const random = options.random ?? Math.random;
  const send = options.send ?? postWebhook;
  const settings = { ...deliveryDefaults, ...definedOf(options) };
  const inFlight = new Map<number, Promise<void>>();
  /** The channels (`<workspace>/<id>`) with a request in flight, by host. */
  const perHost = new Map<string, Map<string, number>>();
  const inFlightOn = (host: string) =>
    [...(perHost.get(host)?.values() ?? [])].reduce((sum, n) => sum + n, 0);
  /** Channels on hosts at their limit: their deliveries wait, and do not hold back the others'. */
  const waitingChannels = () =>
    [...perHost].flatMap(([host, channels]) =>
      inFlightOn(host) >= settings.perHostConcurrency ? [...channels.keys()] : [],
    );
  let timer: NodeJS.Timeout | null = null;
  let isClosed = false;
  let isPumpQueued = false;

  function pump() {
    isPumpQueued = false;
    if (isClosed) return;
    const now = nowMs();
    // Each pass leaves out channels whose host is full; one that fills a host starts another pass.
    for (;;) {
      const free = settings.concurrency - inFlight.size;
      if (free <= 0) break;
      let started = 0;
      for (const delivery of store.due(now, free * 4, {
        ids: inFlight.keys(),
        channels: waitingChannels(),
      })) {
        if (inFlight.size >= settings.concurrency) break;
        const channel = store.channel(delivery.workspace, delivery.channelId);
        const host = channel === null ? '' : hostOf(channel.url);
        if (inFlightOn(host) >= settings.perHostConcurrency) continue;
        started++;
        const key = `${delivery.workspace}/${delivery.channelId}`;
        const channels = perHost.get(host) ?? new Map<string, number>();
        channels.set(key, (channels.get(key) ?? 0) + 1);
        perHost.set(host, channels);
        const running = attempt(delivery, channel).finally(() => {
          inFlight.delete(delivery.id);
          const left = (channels.get(key) ?? 1) - 1;
          if (left > 0) channels.set(key, left);
          else channels.delete(key);
          if (channels.size === 0) perHost.delete(host);
          wake();
        });
        inFlight.set(delivery.id, running);
      }
      if (started === 0) break;
    }
    arm();
  }

  /** One timer, at the next due attempt of a delivery not in flight. */
  function arm() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const next = store.nextDueAtMs();
    if (next === null || isClosed) return;
    const delay = Math.max(0, next - nowMs());
    // Due now but held back by the limits: a finishing attempt wakes the queue.
    if (delay === 0 && inFlight.size > 0) return;
    timer = setTimeout(wake, Math.min(delay, 2_147_483_647));
    timer.unref();
  }

  function wake() {
    if (isPumpQueued || isClosed) return;
    isPumpQueued = true;
    setImmediate(pump);
  }

  async function attempt(delivery: Delivery, channel: Channel | null): Promise<void> {
    const atMs = nowMs();
    let result: WebhookAttempt;
    if (channel === null) {
      result = {
        outcome: 'failed',
        statusCode: null,
        latencyMs: 0,
        error: 'the channel was removed',
        responseSnippet: '',
        retryAfterMs: null,
      };
    } else {
      const rendered = renderForChannel(channel, delivery, atMs);
      result = await send({
        url: channel.url,
        body: rendered.body,
        headers: rendered.headers,
        policy,
        timeoutMs: settings.timeoutMs,
      });
    }
    if (isClosed) return;
    const attempts = delivery.attempts + 1;
    let next: Parameters<DeliveryStore['recordAttempt']>[1];
    if (result.outcome === 'delivered') next = { status: 'delivered' };
    else if (result.outcome === 'failed') next = { status: 'failed' };
    else {
      const wait = Math.max(
        retryDelayMs(attempts, settings.retryBaseMs, settings.retryMaxMs, random),
        Math.min(result.retryAfterMs ?? 0, settings.retryMaxMs),
      );
      const nextAttemptAtMs = nowMs() + wait;
      next =
        nextAttemptAtMs - delivery.createdAtMs > settings.giveUpAfterMs
          ? { status: 'failed' }
          : { status: 'pending', nextAttemptAtMs };
    }
    const error =
      next.status === 'failed' && result.outcome === 'retry'
        ? `${result.error ?? 'failed'}; gave up after ${attempts} attempts`
        : result.error;
    store.recordAttempt(
      {
        deliveryId: delivery.id,
        atMs,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        outcome: result.outcome,
        error,
        response: result.responseSnippet,
      },
      next,
    );
    options.onAttempt?.(channel, delivery, result);
    if (next.status === 'failed')
      log('warn', 'delivery failed', {
        workspace: delivery.workspace,
        delivery: delivery.id,
        channel: delivery.channelId,
        error,
      });
  }

  wake();
  return {
    wake,
    async settled() {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (inFlight.size > 0) await Promise.all(inFlight.values());
        else if (store.nextDueAtMs() === null) return;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close() {
      isClosed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function definedOf(options: DeliveryQueueOptions): Partial<typeof deliveryDefaults> {
  const picked: Partial<typeof deliveryDefaults> = {};
  for (const key of Object.keys(deliveryDefaults) as (keyof typeof deliveryDefaults)[])
    if (options[key] !== undefined) picked[key] = options[key];
  return picked;
}
