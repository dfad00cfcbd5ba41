import type * as Y from 'yjs';

/**
 * What the relay's update guards (`signature-guard.ts`, `log-guard.ts`) share to judge an update
 * from its decoded structs: sets of item ids as clock ranges per client, and a map's entries as
 * JSON for comparing a scratch copy before and after.
 */
export type Ranges = Map<number, [number, number][]>;

/** Whether a document holds updates it could not apply in full, waiting on what they build on. */
export function isWaiting(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/**
 * Why a guard refuses an update that its scratch copy could not apply in full: it would wait in the
 * room's document and take effect, unjudged, once another update filled the gap.
 */
export const buildsOnMissing = 'the update builds on changes the relay does not hold (an update it refused?)';

export function addRange(ranges: Ranges, client: number, clock: number, length: number): void {
  const list = ranges.get(client);
  if (list === undefined) ranges.set(client, [[clock, clock + length]]);
  else list.push([clock, clock + length]);
}

/** Adds the ids of `item`. */
export function addItem(ranges: Ranges, item: Y.Item): void {
  addRange(ranges, item.id.client, item.id.clock, item.length);
}

export function holds(ranges: Ranges, id: Y.ID | null): boolean {
  if (id === null) return false;
  return ranges.get(id.client)?.some(([from, to]) => id.clock >= from && id.clock < to) ?? false;
}

export function overlaps(ranges: Ranges, client: number, clock: number, length: number): boolean {
  return ranges.get(client)?.some(([from, to]) => clock < to && clock + length > from) ?? false;
}

/** Whether a decoded delete set deletes any of the items in `ranges`. */
export function deletesAny(
  ranges: Ranges,
  ds: { clients: Map<number, { clock: number; len: number }[]> },
): boolean {
  for (const [client, deletions] of ds.clients) {
    if (deletions.some((deletion) => overlaps(ranges, client, deletion.clock, deletion.len))) return true;
  }
  return false;
}

/** The entries of the root map `name`, each as its JSON. */
export function entriesOf(doc: Y.Doc, name: string): Map<string, string> {
  return new Map(
    Object.entries(doc.getMap(name).toJSON()).map(([key, value]) => [key, JSON.stringify(value)]),
  );
}
