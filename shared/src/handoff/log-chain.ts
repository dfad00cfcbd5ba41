import { z } from 'zod';

/**
 * A hash chain over a month's handoff log, so that any copy of it (a device's, the relay's store,
 * the CSV export) can be checked offline for entries changed or taken out.
 *
 * Why the relay keeps it: every entry reaches the log through the relay, which already refuses
 * removals and changes and stamps when it received each entry. It is the one writer every device
 * agrees on, so it links each entry as it applies it, in the order it applied them: two devices
 * that appended offline merge like any appends, and their entries are linked when they arrive.
 * Devices never link entries themselves, so there is nothing to merge or reorder, and no chain can
 * fork. (Several relays sharing a room would need one of them to keep its chains.)
 *
 * Each of the log's maps (handoffs, events, activities) has its own chain, so a copy that holds
 * part of the log (the CSV holds handoffs and events) verifies on its own. A link is
 * `{ seq, prev, hash, atMs }`: its place in the chain (1, 2, 3…), the previous link's hash (empty
 * for the first), the SHA-256 of that, the entry's key, its canonical JSON and its time of receipt
 * (`chainInput`), and when the relay linked it. Each entry carries its predecessor's hash, so an
 * entry is checked on its own even when the one before it is missing. Entries a month held before its relay kept a chain are linked the first time
 * the relay writes to that month again, so a chain vouches for the log from its first link's
 * `atMs` on: "not chained before" that date.
 */

export const chainLinkSchema = z.object({
  seq: z.number().int().positive(),
  prev: z.string().regex(/^(?:[0-9a-f]{64})?$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  atMs: z.number().int().positive(),
});
export type ChainLink = z.infer<typeof chainLinkSchema>;

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

/** What a link's hash is the SHA-256 of (hex, lowercase). */
export function chainInput(
  previousHash: string,
  key: string,
  entry: unknown,
  receivedAtMs: number | undefined,
): string {
  return `${previousHash}\n${key}\n${canonicalJson(entry)}\n${receivedAtMs ?? ''}`;
}

/** One entry of a chain as a copy holds it: its key (`events/e1`), value, receipt and link. */
export type ChainedEntry = {
  key: string;
  entry: unknown;
  receivedAtMs?: number;
  link?: ChainLink;
};

export type ChainBreak =
  | { kind: 'changed'; key: string; seq: number; message: string }
  | { kind: 'missing'; seq: number; message: string }
  | { kind: 'twice'; seq: number; message: string }
  | { kind: 'relinked'; key: string; seq: number; message: string }
  | { kind: 'unlinked'; key: string; message: string };

export type ChainVerdict = {
  /** Every linked entry matches its hash and no place in the chain is missing or taken twice. */
  isVerified: boolean;
  /** Entries linked, and entries of the copy not linked (written before the chain began). */
  linked: number;
  unlinked: number;
  /** When the relay made the first link: the chain vouches for the log from then on. */
  chainedSinceMs: number | null;
  breaks: ChainBreak[];
};

/** SHA-256 of a text as lowercase hex: node:crypto in the relay and the CLI, Web Crypto in browsers. */
export type Sha256Hex = (text: string) => string | Promise<string>;

/**
 * Checks one chain (the entries of one map of one month). A changed entry, a link that does not
 * follow the one before it, a link's place taken twice and a place with no entry are breaks, each
 * named once. Entries without a link are counted:
 * after a chain began, the relay links every entry it applies, so an unlinked one newer than the
 * chain's start is a break too.
 */
export async function verifyChain(
  entries: readonly ChainedEntry[],
  sha256Hex: Sha256Hex,
): Promise<ChainVerdict> {
  const linked = entries
    .filter((item): item is ChainedEntry & { link: ChainLink } => item.link !== undefined)
    .sort((a, b) => a.link.seq - b.link.seq);
  const breaks: ChainBreak[] = [];
  const chainedSinceMs = linked.length === 0 ? null : Math.min(...linked.map((item) => item.link.atMs));
  // Each entry is checked against the predecessor's hash it carries, so the digests do not wait
  // on each other: asked for all at once, an asynchronous digest (Web Crypto) is not paid in turns.
  const hashes = await Promise.all(
    linked.map((item) => sha256Hex(chainInput(item.link.prev, item.key, item.entry, item.receivedAtMs))),
  );
  let previousHash = '';
  let expectedSeq = 1;
  for (const [index, item] of linked.entries()) {
    const { seq, prev } = item.link;
    if (seq < expectedSeq) {
      breaks.push({ kind: 'twice', seq, message: `place ${seq} of the chain is taken twice (${item.key})` });
      continue;
    }
    for (let missing = expectedSeq; missing < seq; missing++)
      breaks.push({ kind: 'missing', seq: missing, message: `entry ${missing} of the chain is missing` });
    if (hashes[index] !== item.link.hash)
      breaks.push({
        kind: 'changed',
        key: item.key,
        seq,
        message: `${item.key} (entry ${seq} of the chain) is not what was linked: changed since`,
      });
    else if (seq === expectedSeq && prev !== previousHash)
      breaks.push({
        kind: 'relinked',
        key: item.key,
        seq,
        message: `${item.key} (entry ${seq} of the chain) does not follow entry ${seq - 1}`,
      });
    previousHash = item.link.hash;
    expectedSeq = seq + 1;
  }
  for (const item of entries) {
    if (item.link !== undefined || chainedSinceMs === null) continue;
    if (item.receivedAtMs !== undefined && item.receivedAtMs >= chainedSinceMs)
      breaks.push({
        kind: 'unlinked',
        key: item.key,
        message: `${item.key} was received after the chain began and is not linked`,
      });
  }
  return {
    isVerified: breaks.length === 0,
    linked: linked.length,
    unlinked: entries.length - linked.length,
    chainedSinceMs,
    breaks,
  };
}
