import * as Y from 'yjs';

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
 * Two devices writing the same entry id with different content, concurrently, is a change to
 * whichever arrived first when the later one wins Yjs's tie-break, and is refused: the log keeps
 * the first.
 */
export const appendOnlyMaps = ['schema', 'handoffs', 'events', 'activities'] as const;

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** The ids of the items the log's entries are, by client: what a deletion must not touch. */
function liveItems(doc: Y.Doc): Map<number, [number, number][]> {
  const ranges = new Map<number, [number, number][]>();
  for (const name of appendOnlyMaps) {
    const type = doc.share.get(name);
    if (type === undefined) continue;
    for (const item of type._map.values()) if (!item.deleted) addRange(ranges, item);
  }
  return ranges;
}

/** Whether `updates` (in order) may be appends only, judged from their structs against `doc`. */
export function looksLikeAppends(doc: Y.Doc, updates: readonly Decoded[]): boolean {
  const written = new Map<string, Set<string>>();
  /** Entries of the log: the document's, then those earlier updates of the batch append. */
  let live: Map<number, [number, number][]> | null = null;
  const appended: Y.Item[] = [];
  for (const update of updates) {
    for (const [client, deletions] of update.ds.clients) {
      if (live === null) {
        live = liveItems(doc);
        for (const item of appended) addRange(live, item);
      }
      const items = live.get(client);
      if (items === undefined) continue;
      const deletesLive = deletions.some((deletion) =>
        items.some(([from, to]) => deletion.clock < to && deletion.clock + deletion.len > from),
      );
      if (deletesLive) return false;
    }
    for (const struct of update.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const parent = struct.parent as unknown;
      if (typeof parent !== 'string' || struct.parentSub === null) return false;
      if (struct.origin !== null || struct.rightOrigin !== null) return false;
      if (!(appendOnlyMaps as readonly string[]).includes(parent)) continue;
      const keys = written.get(parent) ?? new Set<string>();
      const held = doc.share.get(parent)?._map.get(struct.parentSub);
      if (keys.has(struct.parentSub) || (held !== undefined && !held.deleted)) return false;
      keys.add(struct.parentSub);
      written.set(parent, keys);
      appended.push(struct);
      if (live !== null) addRange(live, struct);
    }
  }
  return true;
}

function addRange(ranges: Map<number, [number, number][]>, item: Y.Item): void {
  const list = ranges.get(item.id.client) ?? [];
  list.push([item.id.clock, item.id.clock + item.length]);
  ranges.set(item.id.client, list);
}

const entriesOf = (doc: Y.Doc, name: string) =>
  new Map(Object.entries(doc.getMap(name).toJSON()).map(([key, value]) => [key, JSON.stringify(value)]));

/** What an update refused by the log guard did, for the metrics, and the sender's message. */
export type LogRefusal = { breach: 'entry_removed' | 'entry_changed'; message: string };

/**
 * Why `update` may not be applied to the log, or null when it may. `doc` is the room's document and
 * `unapplied` the updates already accepted but not yet in it, in order, each with its decoding.
 */
export function logRefusal(
  doc: Y.Doc,
  unapplied: readonly (readonly [Uint8Array, Decoded])[],
  update: Uint8Array,
  decoded: Decoded,
): LogRefusal | null {
  if (looksLikeAppends(doc, [...unapplied.map(([, earlier]) => earlier), decoded])) return null;
  const scratch = new Y.Doc({ gc: false });
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  for (const [earlier] of unapplied) Y.applyUpdate(scratch, earlier);
  const before = appendOnlyMaps.map((name) => [name, entriesOf(scratch, name)] as const);
  Y.applyUpdate(scratch, update);
  const after = new Map(appendOnlyMaps.map((name) => [name, entriesOf(scratch, name)] as const));
  scratch.destroy();
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
  return null;
}
