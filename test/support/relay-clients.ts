import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Polls `check` until it returns a value other than false/undefined/null, or fails after the deadline. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20, what = 'condition' } = {},
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== null && value !== undefined)
        return value as Exclude<T, false | null | undefined>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export type ProviderClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has completed a sync with the relay. */
  synced(): Promise<void>;
  destroy(): void;
};

/** The official y-websocket client, as any standard Yjs app would connect. */
export function connectProvider(
  url: string,
  room: string,
  token: string,
  options: { doc?: Y.Doc; connect?: boolean } = {},
): ProviderClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onSync = (isSynced: boolean) => {
              if (!isSynced) return;
              provider.off('sync', onSync);
              resolve();
            };
            provider.on('sync', onSync);
          }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A y-websocket sync message framed as a client sends it: step 0 carries a state vector (sync step
 * 1), step 1 the updates the other side lacks (sync step 2), step 2 an update.
 */
export function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export type RawClient = {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  /** Resolves with the close code and reason the relay sent. */
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array): void;
};

/** A bare websocket to the relay, for protocol-level and hostile-input tests. */
export function connectRaw(url: string, room: string, token: string | null): RawClient {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${url}/${room}${query}`);
  ws.binaryType = 'nodebuffer';
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
  // A refused connection never opens; only tests that await `opened` care.
  opened.catch(() => {});
  return {
    ws,
    messages,
    opened,
    closed: new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    ),
    send: (bytes) => ws.send(bytes),
  };
}
