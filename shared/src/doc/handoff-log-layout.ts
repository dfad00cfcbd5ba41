import type * as Y from 'yjs';

/**
 * The Yjs layout of a handoff log document (one per workspace and UTC month in which handoffs
 * began). `handoffs` and `events` are maps keyed by entry id holding plain entries: appends from
 * many clients merge, and the same entry appended twice (a retry) is stored once. `activities`
 * holds the calls, emails and meetings logged in that month, keyed the same way; `withdrawals` the
 * entries an undone import took out of what the log reads (`withdrawal.ts`). `received` holds,
 * for each entry (`receiptKey`), the time the relay first received it: the relay alone writes it,
 * and its guard refuses any member's write there. `chain` holds each entry's link in the hash chain
 * of its map (`log-chain.ts`), under the same keys, written by the relay alone too.
 */
/**
 * The largest entry (handoff, event or activity) the log takes, as UTF-8 JSON. A real handoff is
 * under 2 KiB (a long checklist and the lead's address included); the limit keeps one member from
 * making every device download megabytes per entry.
 */
export const maxLogEntryBytes = 16 * 1024;

/**
 * An entry's size as the limit counts it: the bytes of its JSON in UTF-8. (JSON.stringify escapes
 * lone surrogates, so every surrogate in its output is half of a four-byte pair.)
 */
export function logEntryBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

export type HandoffLogLayout = {
  schema: Y.Map<unknown>;
  handoffs: Y.Map<unknown>;
  events: Y.Map<unknown>;
  activities: Y.Map<unknown>;
  withdrawals: Y.Map<unknown>;
  received: Y.Map<unknown>;
  chain: Y.Map<unknown>;
};

/** The log's maps of entries, each keyed by entry id. */
export const logEntryMaps = ['handoffs', 'events', 'activities', 'withdrawals'] as const;
export type LogEntryMap = (typeof logEntryMaps)[number];

/** The key of an entry's time of receipt in `received`: `events/e1`. */
export function receiptKey(map: LogEntryMap, id: string): string {
  return `${map}/${id}`;
}

/** The map and id of a `receiptKey` (an empty map for a key that is not one). */
export function splitReceiptKey(key: string | null): [string, string] {
  const slash = key?.indexOf('/') ?? -1;
  return key === null || slash < 0 ? ['', ''] : [key.slice(0, slash), key.slice(slash + 1)];
}

export function handoffLogLayout(doc: Y.Doc): HandoffLogLayout {
  return {
    schema: doc.getMap('schema'),
    handoffs: doc.getMap('handoffs'),
    events: doc.getMap('events'),
    activities: doc.getMap('activities'),
    withdrawals: doc.getMap('withdrawals'),
    received: doc.getMap('received'),
    chain: doc.getMap('chain'),
  };
}
