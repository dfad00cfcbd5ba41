import {
  activitySchema,
  clockUserId,
  handoffEventSchema,
  handoffSchema,
  withdrawalSchema,
} from '@pactline/shared';
import { logEntryBytes, maxLogEntryBytes } from '@pactline/shared/doc';
import * as Y from 'yjs';
import { addItem, buildsOnMissing, deletesAny, entriesOf, isWaiting, type Ranges } from './item-ranges.js';

/**
 * The handoff log is append-only, and the relay enforces it: an update from a member that removes
 * or changes an entry already in the log (a handoff, an event, an activity, or a schema mark) is
 * refused whole, before it is stored or relayed, whoever sent it. Appending is the only write.
 *
 * Most updates are appends, and copying the document to check each one would cost a copy per
 * append, so an update is first screened from its decoded structs. An honest append is one item
 * per new entry, written under its own key of a root map with nothing to its left (an entry is a
 * plain value, never a shared type), and it deletes nothing the log still shows. Only an update
 * that does anything else (writes a key the log already holds, hangs an item off another, or
 * deletes a live item) is applied to a scratch copy and every existing entry compared before and
 * after. That also settles the honest cases the screen cannot: a retry of an entry already stored,
 * identical, changes nothing and is taken; the delete set every full sync carries names items the
 * relay has deleted too, and is taken.
 *
 * Every entry an update adds must be one the log can hold: a plain value (never a shared type) that
 * parses as a handoff, event or activity whose id is its key, within `maxLogEntryBytes`; a schema
 * mark is `v<n>: true`. Nothing may be written outside those maps. An update adding anything else
 * is refused whole too, so no device ever receives an entry it would have to skip.
 *
 * The time the relay first received each entry lives in the log's `received` map, which only the
 * relay writes (`Room` stamps it once an update is stored): a member's write there is refused like
 * any write outside the log's maps, and so is an entry that carries a `receivedAtMs` of its own.
 *
 * Every entry is written in its author's name: a handoff's `fromUserId`, an event's, activity's or
 * withdrawal's `byUserId` is the token's user. Imported entries (carrying `imported`: the CRM's
 * person in its own field) and withdrawals (an import undone) are an admin's to write: an editor
 * could otherwise credit calls to a colleague or take a breach out of what the log reads. The clock's own events (judgements and rungs, signed
 * `clockUserId`) are derived from the log and the agreement, and only the relay records them (its
 * watcher, in process, and tools its operator runs with a `relay` token, such as seeding): a
 * member could otherwise sign a breach "met" in the clock's name. The relay's own writers may
 * write in any name, but still append only, and only valid entries.
 *
 * An update checked on the scratch copy must apply there in full: one that builds on changes the
 * relay does not hold (a refused update, say) would wait in the document and take effect later,
 * when an ordinary append fills the gap, without having been judged. It is refused.
 *
 * Two devices writing the same entry id with different content, concurrently, is a change to
 * whichever arrived first when the later one wins Yjs's tie-break, and is refused: the log keeps
 * the first.
 */
export const appendOnlyMaps = ['schema', 'handoffs', 'events', 'activities', 'withdrawals'] as const;

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** The ids of the items the log's entries are, by client: what a deletion must not touch. */
/**
 * The live entries of every root map: the log's, and the relay's own (`received`, `chain`), which
 * a member's delete set must not reach either.
 */
function liveItems(doc: Y.Doc): Ranges {
  const ranges: Ranges = new Map();
  for (const type of doc.share.values())
    for (const item of type._map.values()) if (!item.deleted) addItem(ranges, item);
  return ranges;
}

type NewEntry = { map: string; key: string; value: unknown };

/** What an update appends, when all it does is append plain entries under distinct new keys. */
type Appends = { entries: NewEntry[]; keys: Set<string>; items: Y.Item[] };

/**
 * Each update's appends, read once: an update waits in the room's unapplied list while it is
 * stored, and every update after it is judged against it, so a burst of appends is read once each,
 * not once per later update.
 */
const appendsCache = new WeakMap<Decoded, Appends | null>();

function plainAppends(update: Decoded): Appends | null {
  const cached = appendsCache.get(update);
  if (cached !== undefined) return cached;
  let appends: Appends | null = { entries: [], keys: new Set(), items: [] };
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    const isPlainAppend =
      typeof parent === 'string' &&
      struct.parentSub !== null &&
      struct.origin === null &&
      struct.rightOrigin === null &&
      (appendOnlyMaps as readonly string[]).includes(parent) &&
      struct.content instanceof Y.ContentAny &&
      struct.content.arr.length === 1;
    const keyOf = `${String(parent)}\u0000${struct.parentSub}`;
    if (!isPlainAppend || appends.keys.has(keyOf)) {
      appends = null;
      break;
    }
    appends.keys.add(keyOf);
    appends.entries.push({
      map: parent as string,
      key: struct.parentSub as string,
      value: (struct.content as Y.ContentAny).arr[0],
    });
    appends.items.push(struct);
  }
  appendsCache.set(update, appends);
  return appends;
}

/**
 * What the updates a room has accepted and not yet applied append: their keys (with how many
 * updates append each), and whether any of them is more than plain appends. Kept as updates are
 * accepted and settled, so judging an update costs the same whether 1 or 1,000 wait on a commit.
 */
export class PendingAppends {
  private readonly keys = new Map<string, number>();
  private readonly updates = new Set<Decoded>();
  /** The relay's own receipts and chain links waiting on a commit (see `accepted`). */
  private readonly bookkeeping = new Set<Decoded>();
  private irregularCount = 0;

  /**
   * `isBookkeeping`: the relay's stamps of receipt and chain links, which write its own maps only
   * (`received`, `chain`; no member may). They are not plain appends, but a member's append cannot
   * meet them except by deleting their items, which `appendsOf` checks; so they do not send every
   * member update to the scratch copy. Counted as irregular, they did: with one stamp pending after
   * nearly every entry, each entry of a busy month cost a copy of the whole month.
   */
  accepted(decoded: Decoded, isBookkeeping = false): void {
    this.updates.add(decoded);
    if (isBookkeeping) {
      this.bookkeeping.add(decoded);
      return;
    }
    const appends = plainAppends(decoded);
    if (appends === null) this.irregularCount++;
    else for (const key of appends.keys) this.keys.set(key, (this.keys.get(key) ?? 0) + 1);
  }

  settled(decoded: Decoded): void {
    if (!this.updates.delete(decoded)) return;
    if (this.bookkeeping.delete(decoded)) return;
    const appends = plainAppends(decoded);
    if (appends === null) this.irregularCount--;
    else
      for (const key of appends.keys) {
        const count = (this.keys.get(key) ?? 1) - 1;
        if (count === 0) this.keys.delete(key);
        else this.keys.set(key, count);
      }
  }

  /**
   * The entries `decoded` appends, when it only appends under keys neither `doc` nor the pending
   * updates hold and deletes nothing they show; null when it may do more and needs the scratch copy.
   */
  appendsOf(doc: Y.Doc, decoded: Decoded): NewEntry[] | null {
    const appends = plainAppends(decoded);
    if (appends === null || this.irregularCount > 0) return null;
    for (const { map, key } of appends.entries) {
      const held = doc.share.get(map)?._map.get(key);
      if (held !== undefined && !held.deleted) return null;
      if (this.keys.has(`${map}\u0000${key}`)) return null;
    }
    if (decoded.ds.clients.size > 0) {
      const live = liveItems(doc);
      for (const pending of this.updates) {
        if (this.bookkeeping.has(pending)) {
          for (const struct of pending.structs) if (struct instanceof Y.Item) addItem(live, struct);
        } else for (const item of plainAppends(pending)?.items ?? []) addItem(live, item);
      }
      if (deletesAny(live, decoded.ds)) return null;
    }
    return appends.entries;
  }
}

const schemasOf = {
  handoffs: handoffSchema,
  events: handoffEventSchema,
  activities: activitySchema,
  withdrawals: withdrawalSchema,
} as const;
const versionMark = /^v\d+$/;

/** Who writes an update: a member (the token's user, and whether an admin), or the relay itself (any name). */
export type LogWriter = { userId: string; isAdmin?: boolean } | 'relay';

/** The person an entry is written in the name of. */
function authorOf(map: keyof typeof schemasOf, entry: { fromUserId?: string; byUserId?: string }): string {
  return (map === 'handoffs' ? entry.fromUserId : entry.byUserId) ?? '';
}

/** Why an entry may not be added under `key` of the log's `map` by `writer`, or null when it may. */
export function entryRefusal(map: string, key: string, value: unknown, writer: LogWriter): LogRefusal | null {
  const invalid = (why: string): LogRefusal => ({
    breach: 'entry_invalid',
    message: `${map} entry ${key} is not a valid entry: ${why}`,
  });
  if (value instanceof Y.AbstractType) return invalid('a shared type where a plain entry belongs');
  if (map === 'schema') return versionMark.test(key) && value === true ? null : invalid('not a version mark');
  const schema = schemasOf[map as keyof typeof schemasOf];
  if (schema === undefined) return notInLog(map);
  const bytes = logEntryBytes(value);
  if (bytes > maxLogEntryBytes)
    return {
      breach: 'entry_too_big',
      message: `${map} entry ${key} is ${bytes} bytes; the log takes at most ${maxLogEntryBytes}`,
    };
  if (typeof value === 'object' && value !== null && 'receivedAtMs' in value)
    return invalid('receivedAtMs is the relay’s to record, not part of an entry');
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(`${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'does not parse'}`);
  }
  if (parsed.data.id !== key) return invalid(`its id "${parsed.data.id}" is not its key`);
  if (writer === 'relay') return null;
  const author = authorOf(map as keyof typeof schemasOf, parsed.data);
  if (author === writer.userId) {
    const isAdminsOnly = map === 'withdrawals' || 'imported' in parsed.data;
    if (!isAdminsOnly || writer.isAdmin === true) return null;
    return {
      breach: 'not_admin',
      message:
        map === 'withdrawals'
          ? `withdrawals entry ${key}: only an admin undoes an import`
          : `${map} entry ${key} is imported: only an admin imports`,
    };
  }
  return {
    breach: 'not_author',
    message:
      author === clockUserId
        ? `${map} entry ${key} is signed by Pactline's clock: only the relay records judgements and rungs`
        : `${map} entry ${key} is written in the name of "${author}": a member writes in their own name only`,
  };
}

function notInLog(name: string): LogRefusal {
  return {
    breach: 'not_in_log',
    message:
      name === 'received'
        ? 'received holds the times the relay received each entry: the relay alone writes it'
        : name === 'chain'
          ? 'chain holds the links of the log’s hash chain: the relay alone writes it'
          : `${name} is not part of the handoff log`,
  };
}

/** What an update refused by the log guard did, for the metrics, and the sender's message. */
export type LogRefusal = {
  breach:
    | 'entry_removed'
    | 'entry_changed'
    | 'entry_invalid'
    | 'entry_too_big'
    | 'not_in_log'
    | 'not_author'
    | 'not_admin';
  message: string;
};

/**
 * Why `update` from `writer` may not be applied to the log, or null when it may. `doc` is the room's
 * document and `unapplied` the updates already accepted but not yet in it, in order, each with its
 * decoding.
 */
export function logRefusal(
  doc: Y.Doc,
  unapplied: Iterable<readonly [Uint8Array, Decoded]>,
  update: Uint8Array,
  decoded: Decoded,
  writer: LogWriter,
  pending: PendingAppends = pendingOf(unapplied),
): LogRefusal | null {
  const appends = pending.appendsOf(doc, decoded);
  if (appends !== null) {
    for (const { map, key, value } of appends) {
      const refusal = entryRefusal(map, key, value, writer);
      if (refusal !== null) return refusal;
    }
    return null;
  }
  const scratch = new Y.Doc({ gc: false });
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  for (const [earlier] of unapplied) Y.applyUpdate(scratch, earlier);
  const before = appendOnlyMaps.map((name) => [name, entriesOf(scratch, name)] as const);
  const othersBefore = otherRootsOf(scratch);
  const wasWaiting = isWaiting(scratch);
  Y.applyUpdate(scratch, update);
  if (!wasWaiting && isWaiting(scratch)) {
    scratch.destroy();
    return { breach: 'entry_invalid', message: buildsOnMissing };
  }
  const after = new Map(appendOnlyMaps.map((name) => [name, entriesOf(scratch, name)] as const));
  const othersAfter = otherRootsOf(scratch);
  const added = before.flatMap(([name, entries]) =>
    [...scratch.getMap(name).keys()]
      .filter((key) => !entries.has(key))
      .map((key) => ({ map: name as string, key, value: scratch.getMap(name).get(key) })),
  );
  scratch.destroy();
  for (const [name, json] of othersAfter) {
    if (othersBefore.get(name) !== json) return notInLog(name);
  }
  for (const [name, entries] of before) {
    const now = after.get(name);
    for (const [key, value] of entries) {
      if (!now?.has(key))
        return {
          breach: 'entry_removed',
          message: `the log is append-only: ${name} entry ${key} cannot be removed`,
        };
      if (now.get(key) !== value)
        return {
          breach: 'entry_changed',
          message: `the log is append-only: ${name} entry ${key} cannot be changed`,
        };
    }
  }
  for (const { map, key, value } of added) {
    const refusal = entryRefusal(map, key, value, writer);
    if (refusal !== null) return refusal;
  }
  return null;
}

/** The pending appends of `unapplied`, for a caller that keeps none (tests). */
function pendingOf(unapplied: Iterable<readonly [Uint8Array, Decoded]>): PendingAppends {
  const pending = new PendingAppends();
  for (const [, decoded] of unapplied) pending.accepted(decoded);
  return pending;
}

/**
 * A fingerprint of every root type outside the log's maps, by name: the ids of its items and
 * whether each is deleted, so any item added to (or removed from) such a type shows, whatever kind
 * of type it is (a root no client defined is neither map nor text to this relay).
 */
function otherRootsOf(doc: Y.Doc): Map<string, string> {
  const others = new Map<string, string>();
  for (const [name, type] of doc.share) {
    if ((appendOnlyMaps as readonly string[]).includes(name)) continue;
    const ids: string[] = [];
    const note = (item: Y.Item) => ids.push(`${item.id.client}:${item.id.clock}:${item.deleted ? 'd' : ''}`);
    for (const latest of type._map.values())
      for (let item: Y.Item | null = latest; item !== null; item = item.left) note(item);
    for (let item = type._start; item !== null; item = item.right) note(item);
    others.set(name, ids.join(' '));
  }
  return others;
}
