import type { StoredDoc } from '../doc-store.js';

/** What a store loads for a room it holds nothing of, for stores written inside tests and benchmarks. */
export const emptyStoredDoc: StoredDoc = {
  snapshot: null,
  snapshotStateVector: null,
  snapshotSeq: 0,
  updates: [],
  seqs: [],
  lastSeq: 0,
};
