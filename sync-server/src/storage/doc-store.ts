/**
 * Where the relay keeps documents. An engine implements this interface; the relay never touches
 * the engine's files or tables itself. `storage/testing/doc-store-contract.ts` is the suite every
 * engine passes.
 *
 * Contract:
 * - `append` resolves only once the update is durable (it survives a crash of the relay process);
 *   the relay relays an update to nobody before that.
 * - Sequence numbers returned by `append` grow with each call for one room.
 * - `compact` replaces the room's snapshot and drops the updates it merged atomically: a crash
 *   leaves either the old snapshot with its updates or the new one.
 * - Several writers may share one store (relays behind a balancer). A snapshot handed to `compact`
 *   holds what its caller has seen; the store merges into it whatever else it holds through the
 *   same sequence number (updates or a snapshot another writer stored), inside the compaction's
 *   transaction, so a compaction never drops an update its caller did not see.
 */
export type StoredDoc = {
  snapshot: Uint8Array | null;
  /** The snapshot's state vector when it was stored with one (null: compute it from the snapshot). */
  snapshotStateVector: Uint8Array | null;
  /** The sequence number the snapshot was compacted through (0 when there is no snapshot). */
  snapshotSeq: number;
  updates: Uint8Array[];
  /** Each update's sequence number, in the order of `updates` (ascending). */
  seqs: number[];
  /** Sequence number of the last stored update (0 when there is none). */
  lastSeq: number;
};

/** What a snapshot handed to `compact` is made of. */
export type Compaction = {
  /** Updates through this sequence number are replaced by the snapshot. */
  throughSeq: number;
  /** The sequence numbers of the stored updates the snapshot holds (loaded or appended by the caller). */
  seqs: readonly number[];
  /** The stored snapshot the caller's snapshot was built on (its `snapshotSeq`; 0: none). */
  snapshotSeq: number;
  /** The snapshot's state vector, kept so that a cold room can greet a client without rebuilding. */
  stateVector?: Uint8Array | null;
};

export interface DocStore {
  load(room: string): Promise<StoredDoc>;
  append(room: string, update: Uint8Array): Promise<number>;
  /** Resolves with the sequence number the stored snapshot now holds everything through. */
  compact(room: string, snapshot: Uint8Array, compaction: Compaction): Promise<number>;
  close(): Promise<void>;
}

export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}
