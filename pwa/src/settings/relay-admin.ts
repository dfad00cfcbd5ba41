import type { Settings } from './settings-store';

/**
 * The relay's admin API for escalation channels and deliveries, as the PWA calls it: over HTTP to
 * the relay the settings name (its websocket address, turned http), with the settings' token. Every
 * failure is a value with a message to show, never an exception.
 */
export type ChannelKind = 'webhook' | 'slack' | 'teams';

export type ChannelView = {
  id: string;
  kind: ChannelKind;
  name: string;
  /** Redacted by the relay: the origin and the last characters of the secret part. */
  url: string;
  forParties: 'all' | string[];
  isSigned: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ChannelName = Pick<ChannelView, 'id' | 'kind' | 'name'>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export type DeliveryView = {
  id: number;
  idempotencyKey: string;
  channelId: string;
  isTest: boolean;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  message: { headline: string; lead: { name: string }; rule: { name: string }; recipients: string[] };
  attemptLog: {
    at: string;
    statusCode: number | null;
    latencyMs: number;
    outcome: 'delivered' | 'retry' | 'failed';
    error: string | null;
  }[];
};

export type AdminResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

/** `ws://relay:1234` → `http://relay:1234`. */
export function relayHttpUrl(relayUrl: string): string {
  return relayUrl.replace(/^ws(s?):/, 'http$1:').replace(/\/$/, '');
}

export function relayAdmin(settings: Pick<Settings, 'relayUrl' | 'token'>, workspace: string) {
  const base = `${relayHttpUrl(settings.relayUrl)}/api/workspaces/${encodeURIComponent(workspace)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<AdminResult<T>> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${settings.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return {
        ok: false,
        status: 0,
        message: 'The relay could not be reached. Check the connection and try again.',
      };
    }
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      // An answer that is not JSON is reported by its status below.
    }
    if (response.ok) return { ok: true, value: json as T };
    const message =
      typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string'
        ? json.message
        : `The relay answered ${response.status}.`;
    return { ok: false, status: response.status, message };
  }
  return {
    /** Names and kinds of the channels, for picking one in a rule (editors may ask too). */
    channelNames: () => call<{ channels: ChannelName[] }>('GET', '/channel-names'),
    channels: () => call<{ channels: ChannelView[] }>('GET', '/channels'),
    saveChannel: (
      id: string,
      channel: { kind: ChannelKind; name: string; url?: string; forParties: 'all' | string[] },
    ) =>
      call<{ channel: ChannelView; signingKey?: string }>(
        'PUT',
        `/channels/${encodeURIComponent(id)}`,
        channel,
      ),
    removeChannel: (id: string) => call<{ removed: string }>('DELETE', `/channels/${encodeURIComponent(id)}`),
    sendTest: (id: string) =>
      call<{ delivery: DeliveryView | null }>('POST', `/channels/${encodeURIComponent(id)}/test`),
    deliveries: (status: DeliveryStatus | 'all') =>
      call<{ deliveries: DeliveryView[] }>(
        'GET',
        `/deliveries?limit=200${status === 'all' ? '' : `&status=${status}`}`,
      ),
    retry: (id: number) => call<{ delivery: DeliveryView | null }>('POST', `/deliveries/${id}/retry`),
  };
}

export type RelayAdmin = ReturnType<typeof relayAdmin>;

/** A channel id from its name: `Sales ops #alerts` → `sales-ops-alerts`. */
export function channelIdFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'channel' : slug;
}
