import type { Handoff } from '@pactline/shared';
import {
  type OpenDocumentOptions,
  type OpenedDocument,
  openDocument,
  type Scheduler,
  type SyncState,
  waitForSyncState,
} from '@pactline/shared/sync';
import { WebSocket } from 'ws';

/** Resolves when the document's sync state satisfies `predicate`, or fails after `timeoutMs`. */
export function waitForState(
  document: OpenedDocument,
  predicate: (state: SyncState) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<SyncState> {
  return waitForSyncState(document, predicate, { what, timeoutMs });
}

/** Polls `read` until it returns a value other than undefined, with a deadline. */
export async function pollFor<T>(
  read: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A `ws` WebSocket that counts the bytes the client sends and receives. */
export function countingWebSocket() {
  const counts = { sentBytes: 0, receivedBytes: 0, sockets: 0 };
  class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      counts.sockets += 1;
      this.addEventListener('message', (event) => {
        const data = event.data as ArrayBuffer | Buffer;
        counts.receivedBytes += data.byteLength;
      });
    }
    override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
      counts.sentBytes += (data as ArrayBufferLike | Uint8Array).byteLength;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { CountingWebSocket, counts };
}

/** Real timers, recording every delay asked for, so tests can check the backoff without waiting for it. */
export function recordingScheduler(): Scheduler & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    setTimeout(callback, delayMs) {
      delays.push(delayMs);
      return setTimeout(callback, delayMs);
    },
    clearTimeout(handle) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

let workspaceCounter = 0;
/** A fresh workspace per test: the reference server keeps every document in memory for the process. */
export function freshWorkspace(): string {
  workspaceCounter += 1;
  return `ws-${process.pid}-${workspaceCounter}-${Math.floor(Math.random() * 1e9)}`;
}

/** A separate client with no local store and no cross-tab channel: it sees only what the relay holds. */
export function openRelayObserver(
  room: string,
  relay: { url: string },
  token: string,
  options: Partial<OpenDocumentOptions> = {},
): OpenedDocument {
  return openDocument(room, {
    relayUrl: relay.url,
    token,
    WebSocketPolyfill: WebSocket as unknown as OpenDocumentOptions['WebSocketPolyfill'],
    localPersistence: null,
    isBroadcastChannelEnabled: false,
    ...options,
  });
}

/** A Salesforce lead the SDRs hand to the AEs, as the extension logs it. */
export function salesforceHandoff(id: string, startedAtMs: number): Handoff {
  return {
    id,
    agreementId: 'a1',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'salesforce',
      objectType: 'Lead',
      recordId: `lead-${id}`,
      url: `https://acme.lightning.force.com/lightning/r/Lead/${id}/view`,
      displayName: `Lead ${id}`,
    },
    fromPartyId: 'sdr',
    fromUserId: 'sam',
    toPartyId: 'ae',
    checklist: [],
    startedAtMs,
  };
}
