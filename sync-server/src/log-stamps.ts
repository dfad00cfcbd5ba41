import { createHash } from 'node:crypto';
import { chainInput, chainLinkSchema } from '@pactline/shared';
import { type LogEntryMap, logEntryMaps, receiptKey, splitReceiptKey } from '@pactline/shared/doc';
import * as Y from 'yjs';

/**
 * What the relay adds to a handoff log as it applies each new entry: the time it first received it
 * (`received`, for entries a member sent) and the entry's link in the hash chain of its map
 * (`chain`, for every entry; see shared `log-chain.ts` for why the relay keeps the chain). Both are
 * written right after the batch that brought the entries, as one update that goes through the
 * store like any write, so nobody sees a stamp or a link that is not stored.
 *
 * Stamps are written on a document of their own (one client id per room load, rotated every
 * `stampsPerStamper` stamps, since its items stay in memory). The chain's tail per map is read
 * from the document the first time the room stamps after a load, and entries the month held
 * without a link (written before the relay kept a chain, or whose link a crash lost) are linked
 * then, in key order, so that from its first link on, a chain covers every entry.
 */
const stampsPerStamper = 10_000;

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export type StampWrite = {
  update: Uint8Array;
  /** Call once the update is applied (or refused): its keys may be stamped again if missing. */
  done(): void;
};

export class LogStamps {
  /** Entries applied and not yet stamped with their time of receipt, as `receiptKey`s. */
  private readonly unreceived = new Set<string>();
  /** Entries applied and not yet linked. */
  private readonly unlinked = new Set<string>();
  /** Stamps and links written and not yet applied: not to be written twice. */
  private readonly inFlight = new Set<string>();
  /** Entries the relay's own writers add (history no member sent): linked, never stamped received. */
  private readonly history = new Set<string>();
  /** Each chain's last link, once read from the document. */
  private tails: Map<LogEntryMap, { seq: number; hash: string }> | null = null;
  private stamper: { doc: Y.Doc; count: number } | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly nowMs: () => number,
  ) {
    // Defined as maps first: a root an update creates is a plain type until someone asks for a
    // map, and asking afterwards replaces it with a new object the transaction does not know.
    for (const map of [...logEntryMaps, 'received', 'chain']) doc.getMap(map);
  }

  /** The entries an update from the relay's own writer adds: history, not received from a member. */
  noteHistory(decoded: ReturnType<typeof Y.decodeUpdate>): void {
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const parent = struct.parent as unknown;
      if (typeof parent !== 'string' || struct.parentSub === null) continue;
      if ((logEntryMaps as readonly string[]).includes(parent))
        this.history.add(receiptKey(parent as LogEntryMap, struct.parentSub));
    }
  }

  /** Notes every entry a transaction applying members' or the relay's writes added. */
  noteTransaction(transaction: Y.Transaction): void {
    const received = this.doc.getMap('received');
    const chain = this.doc.getMap('chain');
    for (const map of logEntryMaps) {
      const type = this.doc.getMap(map);
      const keys = transaction.changed.get(type as unknown as Parameters<typeof transaction.changed.get>[0]);
      for (const key of keys ?? []) {
        if (key === null || !type.has(key)) continue;
        const stampKey = receiptKey(map, key);
        if (this.inFlight.has(stampKey)) continue;
        if (!chain.has(stampKey)) this.unlinked.add(stampKey);
        if (this.history.delete(stampKey)) continue;
        if (!received.has(stampKey)) this.unreceived.add(stampKey);
      }
    }
  }

  /** The update stamping and linking everything noted since the last one, or null when nothing is. */
  nextWrite(): StampWrite | null {
    if (this.tails === null) this.readChains();
    if (this.unreceived.size === 0 && this.unlinked.size === 0) return null;
    if (this.stamper === null || this.stamper.count >= stampsPerStamper)
      this.stamper = { doc: new Y.Doc({ gc: false }), count: 0 };
    const stamper = this.stamper.doc;
    const before = Y.encodeStateVector(stamper);
    const atMs = this.nowMs();
    const received = [...this.unreceived];
    const linked = [...this.unlinked].sort(byMapThenKey);
    this.unreceived.clear();
    this.unlinked.clear();
    const receivedNow = new Set(received);
    const storedReceipts = this.doc.getMap('received');
    stamper.transact(() => {
      for (const key of received) stamper.getMap('received').set(key, atMs);
      for (const key of linked) {
        const [map, id] = splitKey(key);
        const entry = this.doc.getMap(map).get(id);
        const stamp = storedReceipts.get(key);
        const receivedAtMs = receivedNow.has(key) ? atMs : typeof stamp === 'number' ? stamp : undefined;
        const tail = this.tails?.get(map) ?? { seq: 0, hash: '' };
        const seq = tail.seq + 1;
        const hash = sha256Hex(chainInput(tail.hash, key, jsonOf(entry), receivedAtMs));
        stamper.getMap('chain').set(key, { seq, prev: tail.hash, hash, atMs });
        this.tails?.set(map, { seq, hash });
      }
    });
    const keys = [...new Set([...received, ...linked])];
    this.stamper.count += keys.length;
    for (const key of keys) this.inFlight.add(key);
    return {
      update: Y.encodeStateAsUpdate(stamper, before),
      done: () => {
        for (const key of keys) this.inFlight.delete(key);
      },
    };
  }

  /**
   * Starts again from the document, as after a load: this relay has just taken over the stamps
   * from another, whose links it holds now.
   */
  restart(): void {
    this.tails = null;
    this.unreceived.clear();
    this.unlinked.clear();
    this.history.clear();
  }

  /** Each chain's tail from the stored links, and every entry without a link queued for one. */
  private readChains(): void {
    const tails = new Map<LogEntryMap, { seq: number; hash: string }>();
    const chain = this.doc.getMap('chain');
    for (const map of logEntryMaps) tails.set(map, { seq: 0, hash: '' });
    for (const [key, value] of chain) {
      const link = chainLinkSchema.safeParse(value);
      const [map] = splitKey(key);
      const tail = tails.get(map);
      if (link.success && tail !== undefined && link.data.seq > tail.seq)
        tails.set(map, { seq: link.data.seq, hash: link.data.hash });
    }
    for (const map of logEntryMaps)
      for (const id of this.doc.getMap(map).keys()) {
        const key = receiptKey(map, id);
        if (!chain.has(key) && !this.inFlight.has(key)) this.unlinked.add(key);
      }
    this.tails = tails;
  }
}

/** The map and id of a key this class noted (always one of the log's maps). */
function splitKey(key: string): [LogEntryMap, string] {
  return splitReceiptKey(key) as [LogEntryMap, string];
}

/** Links go in map order, then by key within a batch, so a batch links the same way on any relay. */
function byMapThenKey(a: string, b: string): number {
  const [mapA] = splitKey(a);
  const [mapB] = splitKey(b);
  const order = logEntryMaps.indexOf(mapA) - logEntryMaps.indexOf(mapB);
  return order !== 0 ? order : a < b ? -1 : a > b ? 1 : 0;
}

/** An entry as its JSON holds it (a shared type where an entry belongs never passes the guard). */
function jsonOf(entry: unknown): unknown {
  return entry instanceof Y.AbstractType ? entry.toJSON() : entry;
}
