import * as Y from 'yjs';
import {
  type ChainedEntry,
  type ChainVerdict,
  chainLinkSchema,
  type Sha256Hex,
  verifyChain,
} from '../handoff/log-chain.js';
import { handoffLogLayout, type LogEntryMap, logEntryMaps, receiptKey } from './handoff-log-layout.js';

/** The entries of one of the log's maps as its chain covers them: stored values, receipts, links. */
export function chainedEntriesOf(doc: Y.Doc, map: LogEntryMap): ChainedEntry[] {
  const layout = handoffLogLayout(doc);
  const entries: ChainedEntry[] = [];
  for (const [id, value] of layout[map]) {
    const key = receiptKey(map, id);
    const received = layout.received.get(key);
    const link = chainLinkSchema.safeParse(layout.chain.get(key));
    entries.push({
      key,
      entry: value instanceof Y.AbstractType ? value.toJSON() : value,
      ...(typeof received === 'number' ? { receivedAtMs: received } : {}),
      ...(link.success ? { link: link.data } : {}),
    });
  }
  return entries;
}

export type HandoffLogVerdict = {
  /** Every chain of the month verifies. */
  isVerified: boolean;
  chains: Record<LogEntryMap, ChainVerdict>;
  /** Over the month's chains: entries linked and not, the earliest link, and every break. */
  linked: number;
  unlinked: number;
  chainedSinceMs: number | null;
  breaks: ChainVerdict['breaks'];
};

/** Verifies the month's three chains (handoffs, events, activities) in a copy of its document. */
export async function verifyHandoffLog(doc: Y.Doc, sha256Hex: Sha256Hex): Promise<HandoffLogVerdict> {
  const chains = {} as Record<LogEntryMap, ChainVerdict>;
  for (const map of logEntryMaps) chains[map] = await verifyChain(chainedEntriesOf(doc, map), sha256Hex);
  const all = logEntryMaps.map((map) => chains[map]);
  const since = all.flatMap((chain) => (chain.chainedSinceMs === null ? [] : [chain.chainedSinceMs]));
  return {
    isVerified: all.every((chain) => chain.isVerified),
    chains,
    linked: all.reduce((sum, chain) => sum + chain.linked, 0),
    unlinked: all.reduce((sum, chain) => sum + chain.unlinked, 0),
    chainedSinceMs: since.length === 0 ? null : Math.min(...since),
    breaks: all.flatMap((chain) => chain.breaks),
  };
}
