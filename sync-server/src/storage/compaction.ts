import * as Y from 'yjs';

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

/** The stored updates through the compaction's sequence number that the caller did not see. */
export function unseenSeqs(storedSeqs: readonly number[], seen: readonly number[]): number[] {
  const seenSet = new Set(seen);
  return storedSeqs.filter((seq) => !seenSet.has(seq));
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
