import * as Y from 'yjs';
import type { Compaction } from './doc-store.js';

/**
 * The part of a compaction every store does alike, once it has read (inside its transaction) what
 * it holds through the compaction's sequence number: merge into the caller's snapshot whatever
 * the caller had not seen. Usually nothing: then the caller's snapshot is stored as it is.
 */
const emptyUpdate = new Uint8Array([0, 0]);

export type StoredPart = { seq: number | null; data: Uint8Array };

export type CompletedSnapshot = {
  snapshot: Uint8Array;
  stateVector: Uint8Array | null;
  /** The stored updates now inside the snapshot, which the store deletes. */
  mergedSeqs: number[];
};

export type CompactionPlan = {
  /** Another writer replaced the snapshot the caller built on: the stored one is merged in. */
  mergesStoredSnapshot: boolean;
  /** The stored updates through the compaction's sequence number the caller did not see. */
  unseen: number[];
  /** What the new snapshot holds everything through. */
  throughSeq: number;
};

/**
 * What a compaction merges beyond the caller's snapshot, from what the store read in its
 * transaction: the stored snapshot's sequence number (null: none) and the updates through the
 * compaction's.
 */
export function planCompaction(
  compaction: Compaction,
  storedSnapshotSeq: number | null,
  storedSeqs: readonly number[],
): CompactionPlan {
  const seen = new Set(compaction.seqs);
  return {
    mergesStoredSnapshot: storedSnapshotSeq !== null && storedSnapshotSeq !== compaction.snapshotSeq,
    unseen: storedSeqs.filter((seq) => !seen.has(seq)),
    throughSeq: Math.max(compaction.throughSeq, storedSnapshotSeq ?? 0),
  };
}

/**
 * `parts`: the unseen updates and, when another writer replaced the snapshot the caller built on,
 * that snapshot (seq null). A part that is not a Yjs update is left stored (the room skips it when
 * loading, as it does today) rather than blocking every later compaction.
 */
export function completeSnapshot(
  snapshot: Uint8Array,
  stateVector: Uint8Array | null,
  storedSeqs: readonly number[],
  parts: readonly StoredPart[],
): CompletedSnapshot {
  if (parts.length === 0) return { snapshot, stateVector, mergedSeqs: [...storedSeqs] };
  const broken = new Set<number>();
  const mergeable: Uint8Array[] = [snapshot];
  for (const part of parts) {
    try {
      // Merged with an empty update so that the part is decoded whole (one update alone is
      // returned as it is).
      Y.mergeUpdates([emptyUpdate, part.data]);
      mergeable.push(part.data);
    } catch {
      if (part.seq !== null) broken.add(part.seq);
    }
  }
  const merged = Y.mergeUpdates(mergeable);
  return {
    snapshot: merged,
    stateVector: Y.encodeStateVectorFromUpdate(merged),
    mergedSeqs: storedSeqs.filter((seq) => !broken.has(seq)),
  };
}
