/**
 * Where the relay keeps documents. An engine implements this interface; the relay never touches
 * the engine's files or tables itself.
 *
 * Contract:
 * - `append` resolves only once the update is durable (it survives a crash of the relay process);
 *   the relay relays an update to nobody before that.
 * - Sequence numbers returned by `append` grow with each call for one room.
 * - `compact` replaces the room's snapshot and drops the updates up to and including `throughSeq`
 *   atomically: a crash leaves either the old snapshot with its updates or the new one.
 */
export type StoredDoc = {
  snapshot: Uint8Array | null;
  /** The snapshot's state vector when it was stored with one (null: compute it from the snapshot). */
  snapshotStateVector: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last stored update (0 when there is none). */
  lastSeq: number;
};

export interface DocStore {
  load(room: string): Promise<StoredDoc>;
  append(room: string, update: Uint8Array): Promise<number>;
  /** `stateVector` is the snapshot's, kept so that a cold room can greet a client without rebuilding. */
  compact(
    room: string,
    snapshot: Uint8Array,
    throughSeq: number,
    stateVector?: Uint8Array | null,
  ): Promise<void>;
  close(): Promise<void>;
}

export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}
