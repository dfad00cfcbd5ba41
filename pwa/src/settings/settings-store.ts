import { z } from 'zod';

/** Relay URL and token, kept in localStorage; the rest of the app gets them from here only. */
export const settingsSchema = z.object({
  relayUrl: z.string().max(2000),
  token: z.string().max(8000),
});
export type Settings = z.infer<typeof settingsSchema>;

const storageKey = 'pactline.settings.v1';

export function defaultRelayUrl(location: Pick<Location, 'protocol' | 'hostname'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.hostname || '127.0.0.1'}:1234`;
}

export function loadSettings(storage: Storage, fallbackRelayUrl: string): Settings {
  const raw = storage.getItem(storageKey);
  if (raw !== null) {
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // An unreadable entry falls through to the defaults; it is overwritten on the next save.
    }
  }
  return { relayUrl: fallbackRelayUrl, token: '' };
}

export function saveSettings(storage: Storage, settings: Settings): void {
  storage.setItem(storageKey, JSON.stringify(settingsSchema.parse(settings)));
}

export type RelayUrlCheck = { ok: true; url: string } | { ok: false; code: 'bad_url'; message: string };

export function checkRelayUrl(value: string): RelayUrlCheck {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      return { ok: false, code: 'bad_url', message: 'the relay URL starts with ws:// or wss://' };
    }
    return { ok: true, url: url.toString().replace(/\/$/, '') };
  } catch {
    return { ok: false, code: 'bad_url', message: 'not a URL; e.g. wss://relay.example.com' };
  }
}

/**
 * A link like `https://app/#token=...&relay=...` hands a token over. Returns what the hash carried
 * and the hash with those parameters removed, so the token does not linger in the address bar.
 */
export function takeSettingsFromHash(hash: string): { token?: string; relayUrl?: string; rest: string } {
  const body = hash.replace(/^#/, '');
  const [route, query] = body.includes('?')
    ? body.split('?', 2)
    : body.includes('=')
      ? ['', body]
      : [body, ''];
  const params = new URLSearchParams(query);
  const token = params.get('token') ?? undefined;
  const relayUrl = params.get('relay') ?? undefined;
  params.delete('token');
  params.delete('relay');
  const remaining = params.toString();
  const rest = `${route ?? ''}${remaining ? `?${remaining}` : ''}`;
  const out: { token?: string; relayUrl?: string; rest: string } = { rest };
  if (token) out.token = token;
  if (relayUrl) out.relayUrl = relayUrl;
  return out;
}
