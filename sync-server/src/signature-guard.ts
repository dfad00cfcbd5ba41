import * as Y from 'yjs';
import {
  addItem,
  buildsOnMissing,
  deletesAny,
  entriesOf,
  holds,
  isWaiting,
  type Ranges,
} from './item-ranges.js';

/**
 * Signatures are the agreement's record of who agreed to which version, so the relay checks them
 * itself: a connection may add a signature only in its own token user's name, may not change or
 * remove one, and may record a signed version only with signatures the document holds.
 *
 * Reading every update in full would cost a copy of the document per keystroke, so an update is
 * first screened from its decoded structs: it touches the signature maps only if one of its items
 * names `signatures` or `signedVersions` as its parent, or hangs off (by origin, right origin or
 * parent) an item of those maps, in the document or earlier in the same batch, or deletes one. Only
 * such an update (a signing, a few per agreement version) is applied to a scratch copy of the
 * document, and the maps before and after compared.
 */
const guardedMaps = ['signatures', 'signedVersions'] as const;

/** Every item, current or overwritten, of the guarded maps in `doc`. */
function guardedItems(doc: Y.Doc): Ranges {
  const ranges: Ranges = new Map();
  for (const name of guardedMaps) {
    const type = doc.share.get(name);
    if (type === undefined) continue;
    for (const latest of type._map.values()) {
      for (let item: Y.Item | null = latest; item !== null; item = item.left) addItem(ranges, item);
    }
  }
  return ranges;
}

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Whether `updates` (in order) write to or delete from the guarded maps of `doc`. */
export function touchesSignatures(doc: Y.Doc, updates: readonly Decoded[]): boolean {
  const ranges = guardedItems(doc);
  const items = updates.flatMap((update) =>
    update.structs.filter((struct): struct is Y.Item => struct instanceof Y.Item),
  );
  if (updates.some((update) => deletesAny(ranges, update.ds))) return true;
  // An item may hang off another later in the same batch: repeat until nothing new is reached.
  let isGrowing = true;
  while (isGrowing) {
    isGrowing = false;
    for (const item of items) {
      if (holds(ranges, item.id)) continue;
      const parent = item.parent as unknown;
      const isGuarded =
        (typeof parent === 'string' && (guardedMaps as readonly string[]).includes(parent)) ||
        (parent instanceof Y.ID && holds(ranges, parent)) ||
        holds(ranges, item.origin) ||
        holds(ranges, item.rightOrigin);
      if (isGuarded) {
        addItem(ranges, item);
        isGrowing = true;
      }
    }
  }
  return items.some((item) => holds(ranges, item.id));
}

type SignatureFields = {
  version?: unknown;
  partyId?: unknown;
  userId?: unknown;
  signedAtMs?: unknown;
} | null;

const userOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { userId?: unknown }).userId : undefined;

/**
 * Why `update` may not be applied by `userId`, or null when it may. `doc` is the room's document
 * and `unapplied` the updates already accepted but not yet in it, in order, each with its decoding.
 */
export function signatureRefusal(
  doc: Y.Doc,
  unapplied: readonly (readonly [Uint8Array, Decoded])[],
  update: Uint8Array,
  decoded: Decoded,
  userId: string,
): string | null {
  if (!touchesSignatures(doc, [...unapplied.map(([, earlier]) => earlier), decoded])) return null;
  const scratch = new Y.Doc({ gc: false });
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  for (const [earlier] of unapplied) Y.applyUpdate(scratch, earlier);
  const signaturesBefore = entriesOf(scratch, 'signatures');
  const versionsBefore = entriesOf(scratch, 'signedVersions');
  const wasWaiting = isWaiting(scratch);
  Y.applyUpdate(scratch, update);
  if (!wasWaiting && isWaiting(scratch)) {
    scratch.destroy();
    return buildsOnMissing;
  }
  const signatures = scratch.getMap('signatures').toJSON() as Record<string, unknown>;
  const versions = scratch.getMap('signedVersions').toJSON() as Record<string, unknown>;
  scratch.destroy();

  for (const [key, before] of signaturesBefore) {
    if (JSON.stringify(signatures[key]) !== before)
      return `the signature ${key} cannot be changed or removed`;
  }
  for (const [key, value] of Object.entries(signatures)) {
    if (signaturesBefore.has(key)) continue;
    if (userOf(value) !== userId) return `the signature ${key} is not in the name of ${userId}`;
  }
  for (const [key, before] of versionsBefore) {
    if (JSON.stringify(versions[key]) !== before)
      return `the signed version ${key} cannot be changed or removed`;
  }
  for (const [key, value] of Object.entries(versions)) {
    if (versionsBefore.has(key)) continue;
    const listed = (value as { signatures?: unknown } | null)?.signatures;
    if (!Array.isArray(listed) || listed.length === 0) return `the signed version ${key} lists no signatures`;
    for (const signature of listed as SignatureFields[]) {
      const held = signatures[
        `${String(signature?.version)}:${String(signature?.partyId)}`
      ] as SignatureFields;
      const isHeld =
        held !== undefined &&
        held?.userId === signature?.userId &&
        held?.signedAtMs === signature?.signedAtMs;
      if (!isHeld) return `the signed version ${key} lists a signature the agreement does not hold`;
    }
  }
  return null;
}
