import * as Y from 'yjs';

/**
 * Which local changes the relay is known to hold, using only the standard y-websocket protocol
 * (it has no acknowledgements). Knowledge comes from what the relay sends:
 * - its sync step 1 (sent on every connection) is its state vector: it holds every struct below it;
 * - structs it sends (sync step 2, updates) prove it holds them, up to the highest clock sent;
 * - a sync step 2 carries its whole delete set, which confirms local deletions.
 * To confirm recent local changes, the connector sends a probe: a sync step 1 whose state vector
 * claims only what the relay is known to hold for the clients with unconfirmed changes, so the
 * relay's answer contains exactly the unconfirmed structs (and its delete set). The answer's size
 * is that of the changes being confirmed.
 * The relay's state vector is kept with the local copy, so structs added offline in an earlier
 * session count as unsent after a reload. Deletions made offline in an earlier session cannot be
 * told apart from old ones; they are sent on connection as usual but not counted as unsent.
 */

type DeleteRange = { client: number; clock: number; len: number };
type DecodedDeleteSet = { clients: Map<number, { clock: number; len: number }[]> };

function deleteRanges(update: Uint8Array): DeleteRange[] {
  const { ds } = Y.decodeUpdate(update) as unknown as { ds: DecodedDeleteSet };
  const ranges: DeleteRange[] = [];
  for (const [client, items] of ds.clients) {
    for (const item of items) ranges.push({ client, clock: item.clock, len: item.len });
  }
  return ranges;
}

export class Acknowledgements {
  private serverClocks: Map<number, number> | null = null;
  private pendingDeletes: DeleteRange[] = [];
  private hasChangesBeforeContact = false;

  constructor(private readonly doc: Y.Doc) {}

  noteLocalUpdate(update: Uint8Array): void {
    if (this.serverClocks === null) this.hasChangesBeforeContact = true;
    this.pendingDeletes.push(...deleteRanges(update));
  }

  noteServerStateVector(stateVector: Uint8Array): void {
    this.raiseServerClocks(Y.decodeStateVector(stateVector));
  }

  /** Structs and deletions the relay sent; `isFullDeleteSet` for a sync step 2. */
  noteServerUpdate(update: Uint8Array, isFullDeleteSet: boolean): void {
    this.raiseServerClocks(Y.parseUpdateMeta(update).to);
    if (isFullDeleteSet && this.pendingDeletes.length > 0) {
      const serverDeletes = deleteRanges(update);
      this.pendingDeletes = this.pendingDeletes.filter(
        (pending) =>
          !serverDeletes.some(
            (range) =>
              range.client === pending.client &&
              range.clock <= pending.clock &&
              pending.clock + pending.len <= range.clock + range.len,
          ),
      );
    }
  }

  /** What the relay is known to hold, to keep for the next session; null before any contact. */
  serverStateVector(): Uint8Array | null {
    return this.serverClocks === null ? null : Y.encodeStateVector(this.serverClocks);
  }

  hasUnsent(): boolean {
    if (this.serverClocks === null) return this.hasChangesBeforeContact;
    if (this.pendingDeletes.length > 0) return true;
    const serverClocks = this.serverClocks;
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
      if (clock > (serverClocks.get(client) ?? 0)) return true;
    }
    return false;
  }

  /** The state vector of a probe: ours, lowered to what the relay is known to hold. */
  probeStateVector(): Uint8Array {
    const claimed = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const serverClocks = this.serverClocks ?? new Map<number, number>();
    for (const [client, clock] of claimed) {
      const known = serverClocks.get(client) ?? 0;
      if (clock > known) {
        if (known === 0) claimed.delete(client);
        else claimed.set(client, known);
      }
    }
    return Y.encodeStateVector(claimed);
  }

  private raiseServerClocks(clocks: Map<number, number>): void {
    const serverClocks = this.serverClocks ?? new Map<number, number>();
    for (const [client, clock] of clocks) {
      if (clock > (serverClocks.get(client) ?? 0)) serverClocks.set(client, clock);
    }
    this.serverClocks = serverClocks;
  }
}
