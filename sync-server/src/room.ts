import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PeerUpdate } from './fanout/redis-fanout.js';
import type { Log } from './log.js';
import { type LogRefusal, logRefusal, PendingAppends } from './log-guard.js';
import { LogStamps } from './log-stamps.js';
import { encodeAwareness, encodeUpdate, readAwarenessUpdate } from './protocol.js';
import { schemaRefusal } from './schema-guard.js';
import { signatureRefusal } from './signature-guard.js';
import type { DocStore, StoredDoc } from './storage/doc-store.js';

/**
 * One document held in memory, with the connections editing it.
 *
 * The order of an update's life is what makes the relay durable: decode it, store it, and only once
 * the store has it apply it to the in-memory document, whose `update` event relays it. So the
 * document (and every sync reply computed from it) never holds anything that is not stored, and an
 * update anyone has received survives a crash.
 */
export interface RoomMember {
  send(message: Uint8Array): void;
  /** Called when the store refused an update this member sent. */
  fail(reason: string): void;
  /**
   * The token user behind a client's connection: in an agreement, its updates may add signatures
   * in this name only. Absent for the relay's own writers.
   */
  readonly userId?: string;
  /** A client holding a `relay` token (tools the relay's operator runs): writes the log in any name. */
  readonly isRelay?: boolean;
  /** Whether the token is an admin's, who alone imports and undoes imports in the log. */
  readonly isAdmin?: boolean;
}

export type ReceiveResult =
  /** `applied` resolves once the update is stored and in the document (or the store refused it). */
  | { status: 'stored'; applied: Promise<void> }
  | { status: 'empty' }
  | { status: 'malformed' }
  /** Storing it would take the document past `maxDocumentBytes`: refused, nothing written. */
  | { status: 'too_big' }
  /**
   * It writes a signature in another member's name (or changes one), a schema version this relay
   * does not know, or removes or changes an entry of an append-only log: refused, nothing written.
   */
  | { status: 'forbidden'; reason: string; rule: 'signature' | 'schema' }
  | { status: 'forbidden'; reason: string; rule: 'append_only'; breach: LogRefusal['breach'] };

/** The origin of a batch that holds updates from more than one member: everyone receives it. */
const severalMembers = Symbol('several members');
/** The origin of updates another relay stored: every member here receives them. */
const anotherRelay = Symbol('another relay');

/** How a room reaches the same room on other relays (`fanout/redis-fanout.ts`). */
export type RoomFanoutLink = {
  /** Tells the other relays about an update this relay stored. */
  publish(peer: PeerUpdate): void;
  /** Tells the other relays about a presence change of this relay's members. */
  publishAwareness(update: Uint8Array): void;
  /** Whether this relay writes the room's stamps (receipts, chain links) now. */
  holdsStamps(): boolean;
};

export type RoomDeps = {
  store: DocStore;
  log: Log;
  /**
   * Stored updates are merged into the snapshot once there are between this many and half as many
   * again: a random point in that range, drawn afresh after each compaction, so that rooms filled
   * at the same pace (a bulk import, a relay restarted with many busy rooms) do not all compact in
   * the same instant and stall the relay together.
   */
  compactAfterUpdates: number;
  /** Source of the random compaction point, in [0, 1); `Math.random` by default. */
  random?: () => number;
  /** Bytes stored for the document (snapshot and updates since) past which updates are refused. */
  maxDocumentBytes?: number;
  /** Whether members' updates are checked for signatures in someone else's name (agreements). */
  isSigned?: boolean;
  /** Whether members may only add entries, never remove or change one (handoff logs). */
  isAppendOnly?: boolean;
  /** The highest schema version a member's update may add (absent: not checked). */
  latestSchemaVersion?: number;
  /**
   * Whether the relay stamps each new log entry with the time it first received it and links it
   * in its map's hash chain (handoff logs; `log-stamps.ts`).
   */
  stampsReceipts?: boolean;
  /** The clock stamps are read from; `Date.now` by default. */
  nowMs?: () => number;
  /** The same room on other relays; absent: this relay is the only one. */
  fanout?: RoomFanoutLink;
};

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** The awareness client ids other relays' clients control: nobody here speaks for them. */
  private readonly peerControlled = new Set<number>();
  /** The awareness client ids each member controls, removed when the member leaves. */
  private readonly members = new Map<RoomMember, Set<number>>();
  private appliedSeq = 0;
  /**
   * Sequence numbers of the stored updates the document holds beyond its stored snapshot: how many
   * there are is what compaction waits for, and which they are is what it tells the store.
   */
  private seenSeqs = new Set<number>();
  /** The stored snapshot the document was built on (0: none), for the store's compaction. */
  private snapshotSeq = 0;
  /** Bytes stored for this document: the snapshot and the updates since, as the store holds them. */
  private storedBytes = 0;
  private compactAt: number;
  private isCompactionScheduled = false;
  private pendingWrites = 0;
  private lastWrite: Promise<void> = Promise.resolve();
  /** Stored updates waiting to be applied together at the end of the current microtask run. */
  private stored: { update: Uint8Array; from: RoomMember; seq: number }[] = [];
  /** Updates accepted and not yet applied (being stored, or stored and waiting), in order, decoded. */
  private readonly unapplied = new Map<Uint8Array, ReturnType<typeof Y.decodeUpdate>>();
  /** What the unapplied updates append, for judging the next one in an append-only log. */
  private readonly pendingAppends = new PendingAppends();
  private applying: Promise<void> | null = null;
  /**
   * A room loaded from a snapshot alone (the usual case: rooms are compacted when unloaded) keeps
   * the stored bytes and builds its document only when something needs it. A client's first sync
   * is answered with those bytes as they are, so a cold room costs neither a rebuild nor a
   * re-encoding of the whole document, and a room only read from is never built at all.
   */
  private pristine: { snapshot: Uint8Array; stateVector: Uint8Array } | null = null;
  private isBuilt = true;
  private compaction: Promise<void> = Promise.resolve();
  /** What the relay stamps on each new entry of a handoff log (time of receipt, chain link). */
  private readonly stamps: LogStamps | null;
  /** Other relays' updates that arrived before the room finished loading, applied once it has. */
  private peersWaiting: PeerUpdate[] | null = [];
  /** Whether a catch-up from the store was asked for before the room finished loading. */
  private isCatchUpWaiting = false;
  /** A catch-up from the store in progress (stamps wait for it after a takeover). */
  private catchingUp: Promise<void> | null = null;
  private isTakingOverStamps = false;
  private isUnloading = false;
  private isStampScheduled = false;

  constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
  ) {
    this.compactAt = this.drawCompactionPoint();
    this.stamps = deps.stampsReceipts ? new LogStamps(this.doc, deps.nowMs ?? Date.now) : null;
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Building the document from what is stored relays nothing: every member has been answered.
      if (origin === this) return;
      const message = encodeUpdate(update);
      for (const member of this.members.keys()) if (member !== origin) member.send(message);
    });
    this.awareness.on('update', this.onAwarenessUpdate);
    if (this.stamps !== null) {
      const stamps = this.stamps;
      this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
        // Building the document from storage adds nothing new: when those entries arrived is not
        // known. Another relay holding the stamps stamps them.
        if (transaction.origin !== this && this.holdsStamps()) stamps.noteTransaction(transaction);
      });
    }
  }

  /** Whether this relay writes the stamps now: always alone; with other relays, the lease's holder. */
  private holdsStamps(): boolean {
    const fanout = this.deps.fanout;
    return fanout === undefined || (fanout.holdsStamps() && !this.isTakingOverStamps);
  }

  /** Writes the stamps and links of every entry applied since the last ones: stored, then applied. */
  private stampEntries(): void {
    // Not before the room is loaded: the chains' tails are read from the loaded document.
    if (this.peersWaiting !== null || !this.holdsStamps()) return;
    const write = this.stamps?.nextWrite();
    if (!write) return;
    const result = this.receiveUpdate(write.update, this.stampWriter);
    void (result.status === 'stored' ? result.applied : Promise.resolve()).finally(write.done);
  }

  /** The relay's own writes (the watcher's events): stored, then applied and sent to every member. */
  writeInternal(update: Uint8Array): Promise<void> {
    const result = this.receiveUpdate(update, this.internalWriter);
    return result.status === 'stored' ? result.applied : Promise.resolve();
  }

  private readonly internalWriter: RoomMember = {
    send: () => {},
    fail: (reason) => this.deps.log('error', 'relay write refused', { room: this.name, reason }),
  };

  /** The relay's stamps of receipt and chain links: its own maps only (see `PendingAppends`). */
  private readonly stampWriter: RoomMember = { ...this.internalWriter };

  get memberCount(): number {
    return this.members.size;
  }

  /**
   * Loads the stored snapshot and updates. An update that no longer applies is skipped and logged.
   * Other relays' updates received meanwhile are applied after (those already in the load change
   * nothing).
   */
  async load(): Promise<void> {
    await this.loadStored();
    const waiting = this.peersWaiting ?? [];
    this.peersWaiting = null;
    for (const peer of waiting) this.receivePeer(peer);
    if (this.isCatchUpWaiting) void this.catchUp();
  }

  private async loadStored(): Promise<void> {
    const stored = await this.deps.store.load(this.name);
    this.appliedSeq = stored.lastSeq;
    this.seenSeqs = new Set(stored.seqs);
    this.snapshotSeq = stored.snapshotSeq;
    this.storedBytes = stored.updates.reduce(
      (sum, update) => sum + update.length,
      stored.snapshot?.length ?? 0,
    );
    if (stored.snapshot && stored.snapshotStateVector && stored.updates.length === 0) {
      this.pristine = { snapshot: stored.snapshot, stateVector: stored.snapshotStateVector };
      this.isBuilt = false;
      return;
    }
    this.applyStoredParts([stored.snapshot, ...stored.updates], this);
    this.scheduleCompactionIfDue();
  }

  /** Applies a stored snapshot and updates; one that no longer applies is skipped and logged. */
  private applyStoredParts(parts: readonly (Uint8Array | null)[], origin: unknown): void {
    let skipped = 0;
    this.doc.transact(() => {
      for (const part of parts) {
        if (part === null) continue;
        try {
          Y.applyUpdate(this.doc, part, origin);
        } catch {
          skipped++;
        }
      }
    }, origin);
    if (skipped > 0)
      this.deps.log('warn', 'skipped stored updates that do not apply', { room: this.name, skipped });
  }

  /** The document's state vector, for the sync step 1 that greets a member. */
  stateVector(): Uint8Array {
    return this.pristine?.stateVector ?? Y.encodeStateVector(this.builtDoc());
  }

  /** What a member with `stateVector` lacks. Throws when the state vector cannot be decoded. */
  missingFor(stateVector: Uint8Array): Uint8Array {
    // An empty state vector (one varuint: zero clients) asks for everything: the stored bytes.
    if (this.pristine && stateVector.length === 1 && stateVector[0] === 0) return this.pristine.snapshot;
    return Y.encodeStateAsUpdate(this.builtDoc(), stateVector);
  }

  /** The document, built from the stored snapshot first if it was not yet. */
  builtDoc(): Y.Doc {
    if (!this.isBuilt && this.pristine) {
      this.isBuilt = true;
      try {
        Y.applyUpdate(this.doc, this.pristine.snapshot, this);
      } catch {
        this.deps.log('warn', 'stored snapshot does not apply', { room: this.name });
        this.pristine = null;
      }
    }
    return this.doc;
  }

  add(member: RoomMember): void {
    this.members.set(member, new Set());
  }

  remove(member: RoomMember): void {
    const controlled = this.members.get(member);
    this.members.delete(member);
    if (controlled && controlled.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    }
  }

  /**
   * Stores an update; once stored, applies it, which relays it to the other members. Updates the
   * store confirms together (one commit) are applied in one transaction, so each member receives
   * one message for them rather than one per update.
   */
  receiveUpdate(update: Uint8Array, from: RoomMember): ReceiveResult {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return { status: 'malformed' };
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return { status: 'empty' };
    if (this.storedBytes + update.length > (this.deps.maxDocumentBytes ?? Number.POSITIVE_INFINITY)) {
      return { status: 'too_big' };
    }
    if (from.userId !== undefined) {
      const latest = this.deps.latestSchemaVersion;
      const schemaReason = latest === undefined ? null : schemaRefusal(decoded, latest);
      if (schemaReason !== null) return { status: 'forbidden', reason: schemaReason, rule: 'schema' };
      const reason = this.deps.isSigned
        ? signatureRefusal(this.builtDoc(), [...this.unapplied], update, decoded, from.userId)
        : null;
      if (reason !== null) return { status: 'forbidden', reason, rule: 'signature' };
      const logBreach = this.deps.isAppendOnly
        ? logRefusal(
            this.builtDoc(),
            this.unapplied,
            update,
            decoded,
            from.isRelay === true ? 'relay' : { userId: from.userId, isAdmin: from.isAdmin === true },
            this.pendingAppends,
          )
        : null;
      if (logBreach !== null)
        return {
          status: 'forbidden',
          reason: logBreach.message,
          rule: 'append_only',
          breach: logBreach.breach,
        };
    }
    if (from.isRelay === true) this.stamps?.noteHistory(decoded);
    this.storedBytes += update.length;
    this.unapplied.set(update, decoded);
    if (this.deps.isAppendOnly) this.pendingAppends.accepted(decoded, from === this.stampWriter);
    this.pendingWrites++;
    const applied = this.deps.store.append(this.name, update).then(
      (seq) => {
        this.pendingWrites--;
        this.stored.push({ update, from, seq });
        return this.applyStoredSoon();
      },
      (error: unknown) => {
        this.pendingWrites--;
        this.pendingAppends.settled(decoded);
        this.unapplied.delete(update);
        this.deps.log('error', 'store refused an update', { room: this.name, error: String(error) });
        from.fail('could not store the update');
      },
    );
    this.lastWrite = applied;
    return { status: 'stored', applied };
  }

  /**
   * One commit resolves all its appends in one go; their callbacks run as microtasks before this
   * one, so the batch is complete when it runs.
   */
  private applyStoredSoon(): Promise<void> {
    this.applying ??= new Promise((resolve) =>
      queueMicrotask(() => {
        this.applying = null;
        this.applyStored();
        resolve();
      }),
    );
    return this.applying;
  }

  private applyStored(): void {
    const batch = this.stored;
    this.stored = [];
    const first = batch[0];
    if (first === undefined || this.doc.isDestroyed) return;
    this.builtDoc();
    this.pristine = null;
    const origin = batch.every((item) => item.from === first.from) ? first.from : severalMembers;
    this.doc.transact(() => {
      for (const { update, seq } of batch) {
        const decoded = this.unapplied.get(update);
        if (decoded !== undefined) this.pendingAppends.settled(decoded);
        this.unapplied.delete(update);
        try {
          Y.applyUpdate(this.doc, update, origin);
        } catch {
          this.deps.log('warn', 'stored update does not apply', { room: this.name, seq });
        }
      }
    }, origin);
    this.appliedSeq = Math.max(this.appliedSeq, batch[batch.length - 1]?.seq ?? 0);
    for (const { seq } of batch) this.seenSeqs.add(seq);
    const fanout = this.deps.fanout;
    if (fanout !== undefined)
      for (const { update, seq, from } of batch)
        fanout.publish({ update, seq, isHistory: from.isRelay === true });
    this.scheduleCompactionIfDue();
    this.stampEntries();
  }

  /**
   * An update another relay stored: applied as it is (that relay checked it) and sent to every
   * member here. It counts among the stored updates this document holds, for compaction.
   */
  receivePeer(peer: PeerUpdate): void {
    if (this.peersWaiting !== null) {
      this.peersWaiting.push(peer);
      return;
    }
    if (this.doc.isDestroyed || this.seenSeqs.has(peer.seq)) return;
    this.builtDoc();
    this.pristine = null;
    if (peer.isHistory && this.stamps !== null && this.holdsStamps()) {
      try {
        this.stamps.noteHistory(Y.decodeUpdate(peer.update));
      } catch {
        // Not Yjs: the apply below says so.
      }
    }
    try {
      Y.applyUpdate(this.doc, peer.update, anotherRelay);
    } catch {
      this.deps.log('warn', "another relay's update does not apply", { room: this.name, seq: peer.seq });
    }
    this.seenSeqs.add(peer.seq);
    this.storedBytes += peer.update.length;
    this.appliedSeq = Math.max(this.appliedSeq, peer.seq);
    this.scheduleCompactionIfDue();
    this.stampSoon();
  }

  /**
   * Other relays' updates arrive one message each, several in one turn under load: their entries
   * are stamped in one write once the turn's messages are applied, as a local batch's are.
   */
  private stampSoon(): void {
    if (this.isStampScheduled) return;
    this.isStampScheduled = true;
    queueMicrotask(() => {
      this.isStampScheduled = false;
      if (!this.doc.isDestroyed) this.stampEntries();
    });
  }

  /**
   * Reads the room from the store again and applies what this document lacks: other relays'
   * updates that did not reach this one (Redis was unreachable), or the last stamps of a relay that
   * held them before this one.
   */
  catchUp(): Promise<void> {
    if (this.peersWaiting !== null) {
      this.isCatchUpWaiting = true;
      return Promise.resolve();
    }
    this.catchingUp ??= this.readStoreAgain().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async readStoreAgain(): Promise<void> {
    let stored: StoredDoc;
    try {
      stored = await this.deps.store.load(this.name);
    } catch (error) {
      this.deps.log('warn', 'could not catch up from the store', { room: this.name, error: String(error) });
      return;
    }
    if (this.doc.isDestroyed) return;
    this.builtDoc();
    this.pristine = null;
    const missing = stored.seqs.flatMap((seq, index) => {
      const update = stored.updates[index];
      return this.seenSeqs.has(seq) || update === undefined ? [] : [{ seq, update }];
    });
    this.applyStoredParts([stored.snapshot, ...missing.map(({ update }) => update)], anotherRelay);
    for (const { seq, update } of missing) {
      this.seenSeqs.add(seq);
      this.storedBytes += update.length;
    }
    this.appliedSeq = Math.max(this.appliedSeq, stored.lastSeq);
    this.scheduleCompactionIfDue();
  }

  /**
   * This relay now holds the log's stamps: it first reads the store (the previous holder's last
   * stamps may be stored and not yet here), then links every entry left without a link.
   */
  async takeOverStamps(): Promise<void> {
    // Taken before the room is loaded (the usual case): the load itself is the fresh read.
    if (this.stamps === null || this.peersWaiting !== null) return;
    this.isTakingOverStamps = true;
    try {
      await this.catchUp();
    } finally {
      this.isTakingOverStamps = false;
    }
    this.stamps.restart();
    this.stampEntries();
  }

  /**
   * Awareness states of everyone in the room, for a member who just joined or asked. A member that
   * asks always gets an answer, even an empty one: y-websocket clients treat a silent socket as dead.
   */
  awarenessMessage(): Uint8Array {
    const clients = [...this.awareness.getStates().keys()];
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /**
   * Another relay's clients' presence: shown to the members here, never sent back. One that touches
   * a presence a member here holds is dropped whole: no relay speaks for another relay's client
   * (a forged one was let through by a relay that had not yet heard of the member's presence).
   */
  receivePeerAwareness(update: Uint8Array): void {
    if (this.doc.isDestroyed) return;
    const read = readAwarenessUpdate(update);
    const heldHere = [...this.members.values()];
    if (read === null || read.clientIds.some((id) => heldHere.some((controlled) => controlled.has(id))))
      return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, anotherRelay);
    } catch {
      this.deps.log('warn', "another relay's presence update cannot be read", { room: this.name });
    }
  }

  /** Another relay just loaded the room: it is sent the presence of this relay's members. */
  sendAwarenessToPeers(): void {
    const own = [...this.members.values()].flatMap((controlled) => [...controlled]);
    if (own.length > 0)
      this.deps.fanout?.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, own));
  }

  get hasAwareness(): boolean {
    return this.awareness.getStates().size > 0;
  }

  /**
   * Applies a member's presence update (`clientIds`: the ids it touches, as the relay read them),
   * unless it sets or removes the presence of a client id another member controls: nobody speaks for someone else's cursor and name. Refused whole.
   */
  applyAwareness(
    update: Uint8Array,
    clientIds: readonly number[],
    from: RoomMember,
  ): 'applied' | 'not_owner' {
    for (const [member, controlled] of this.members) {
      if (member !== from && clientIds.some((id) => controlled.has(id))) return 'not_owner';
    }
    if (clientIds.some((id) => this.peerControlled.has(id))) return 'not_owner';
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, from);
    return 'applied';
  }

  /** Waits for every accepted update to be stored, merges them into the snapshot and frees memory. */
  async unload(): Promise<void> {
    await this.settle();
    this.isUnloading = true;
    await this.catchingUp;
    if (this.seenSeqs.size > 0) await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private async settle(): Promise<void> {
    // Applying a batch may write the stamps of its entries: settled once neither is left.
    while (this.pendingWrites > 0 || this.applying) {
      if (this.pendingWrites > 0) await this.lastWrite;
      if (this.applying) await this.applying;
    }
    await this.compaction;
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const controlled = origin === anotherRelay ? this.peerControlled : this.members.get(origin as RoomMember);
    if (controlled) {
      for (const id of changes.added) controlled.add(id);
      for (const id of changes.removed) controlled.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    // This relay's members' presence (and its removal when they leave) goes to the other relays.
    if (origin !== anotherRelay) this.deps.fanout?.publishAwareness(update);
    const message = encodeAwareness(update);
    // The sender gets its own presence back too, as from the reference server: a lone client on an
    // idle room hears nothing else, and y-websocket reconnects after 30 s of silence. Its presence
    // renewal every 15 s is what keeps the connection known to be alive.
    for (const member of this.members.keys()) member.send(message);
  };

  private scheduleCompactionIfDue(): void {
    if (this.isCompactionScheduled || this.seenSeqs.size < this.compactAt) return;
    this.isCompactionScheduled = true;
    // Off the message path: clients keep being served while the snapshot is written.
    setImmediate(() => {
      this.compaction = this.compact().finally(() => {
        this.isCompactionScheduled = false;
        this.compactAt = this.drawCompactionPoint();
      });
    });
  }

  private drawCompactionPoint(): number {
    const every = this.deps.compactAfterUpdates;
    return every + Math.floor((this.deps.random ?? Math.random)() * Math.ceil(every / 2));
  }

  private async compact(): Promise<void> {
    const throughSeq = this.appliedSeq;
    const bytesBefore = this.storedBytes;
    const doc = this.builtDoc();
    const snapshot = Y.encodeStateAsUpdate(doc);
    const seqs = [...this.seenSeqs].filter((seq) => seq <= throughSeq);
    try {
      this.snapshotSeq = await this.deps.store.compact(this.name, snapshot, {
        throughSeq,
        seqs,
        snapshotSeq: this.snapshotSeq,
        stateVector: Y.encodeStateVector(doc),
      });
      for (const seq of seqs) this.seenSeqs.delete(seq);
      // What was merged now counts as the snapshot; what arrived meanwhile still counts as updates.
      this.storedBytes = snapshot.length + (this.storedBytes - bytesBefore);
      // With other relays, the store may have merged updates of theirs not seen here yet (Redis
      // away): read them back, or the next compaction would store a snapshot without them.
      if (this.deps.fanout !== undefined && !this.isUnloading) await this.catchUp();
    } catch (error) {
      this.deps.log('error', 'compaction failed; updates stay stored', {
        room: this.name,
        error: String(error),
      });
    }
  }
}
