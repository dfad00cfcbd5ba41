import type { Mark, Node as ProseNode, Schema } from 'prosemirror-model';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';

/**
 * What an agreement section holds, checked before the editor is bound to it.
 *
 * y-prosemirror trusts the fragment it is given: a value that is not XML (a number, a map) makes
 * the binding throw, and an element the schema does not know is deleted from the shared document,
 * for everyone, the moment any editor opens. So a section is read here first, strictly (every
 * element known to the schema, every mark known, every node's content valid), and bound only when
 * it reads whole. A section that does not shows as broken, with its readable parts, and an editor
 * can restore the last good version over it.
 */
export type SectionRead = { ok: true; node: ProseNode } | { ok: false; reason: string; readable: ProseNode };

class UnreadableSection extends Error {}

function fail(reason: string): never {
  throw new UnreadableSection(reason);
}

function marksOf(schema: Schema, attributes: Record<string, unknown> | undefined): Mark[] {
  return Object.entries(attributes ?? {}).map(([key, attrs]) => {
    // y-prosemirror stores marks a node may carry twice as `<name>--<hash>`.
    const name = key.split('--')[0] ?? key;
    const type = schema.marks[name];
    if (type === undefined) fail(`an unknown mark "${name}"`);
    return type.create(typeof attrs === 'object' && attrs !== null ? attrs : null);
  });
}

function textNodes(schema: Schema, text: Y.XmlText): ProseNode[] {
  return (text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]).flatMap((op) => {
    if (typeof op.insert !== 'string') fail('an embedded value in the text');
    if (op.insert === '') return [];
    return [schema.text(op.insert, marksOf(schema, op.attributes))];
  });
}

function childrenOf(schema: Schema, parent: Y.XmlFragment | Y.XmlElement): ProseNode[] {
  return parent.toArray().flatMap((child: unknown) => {
    if (child instanceof Y.XmlElement) return [elementNode(schema, child)];
    if (child instanceof Y.XmlText) return textNodes(schema, child);
    return fail(`a value that is not text (${describe(child)})`);
  });
}

function elementNode(schema: Schema, element: Y.XmlElement): ProseNode {
  const type = schema.nodes[element.nodeName];
  if (type === undefined || element.nodeName === schema.topNodeType.name || type.isText)
    fail(`an unknown element "${element.nodeName}"`);
  // Attributes the schema does not name (y-prosemirror's own bookkeeping) are left aside.
  const known = type.spec.attrs ?? {};
  const attrs = Object.fromEntries(Object.entries(element.getAttributes()).filter(([key]) => key in known));
  const node = type.create(attrs, childrenOf(schema, element));
  node.check();
  return node;
}

function describe(value: unknown): string {
  if (value instanceof Y.AbstractType) return 'a shared structure';
  if (value === null) return 'null';
  return typeof value;
}

function asRead<T>(read: () => T): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    // ProseMirror's own checks (content or attributes a node may not hold) throw RangeErrors.
    if (error instanceof UnreadableSection || error instanceof RangeError)
      return { ok: false, reason: error.message };
    return { ok: false, reason: String(error) };
  }
}

/** The section as a ProseMirror document, or why it cannot be, with the parts that can. */
export function readSection(schema: Schema, fragment: Y.XmlFragment): SectionRead {
  const whole = asRead(() => {
    const node = schema.topNodeType.create(null, childrenOf(schema, fragment));
    node.check();
    return node;
  });
  if (whole.ok) return { ok: true, node: whole.value };
  return { ok: false, reason: whole.reason, readable: readableParts(schema, fragment) };
}

/** The top-level blocks that read on their own, in order (the rest left out). */
export function readableParts(schema: Schema, fragment: Y.XmlFragment): ProseNode {
  const blocks = fragment.toArray().flatMap((child: unknown) => {
    if (!(child instanceof Y.XmlElement)) return [];
    const block = asRead(() => elementNode(schema, child));
    return block.ok && schema.topNodeType.contentMatch.matchType(block.value.type) ? [block.value] : [];
  });
  return schema.topNodeType.create(null, blocks);
}

/** One paragraph per line: the signed snapshot keeps sections as plain text. */
export function nodeFromPlainText(schema: Schema, text: string): ProseNode {
  const paragraph = schema.nodes.paragraph;
  if (paragraph === undefined) throw new Error('the schema has no paragraph');
  const lines = text === '' ? [] : text.split('\n');
  return schema.topNodeType.create(
    null,
    lines.map((line) => paragraph.create(null, line === '' ? [] : [schema.text(line)])),
  );
}

/** Replaces everything in the section with `node`, in one change every member receives. */
export function restoreSection(fragment: Y.XmlFragment, node: ProseNode): void {
  const doc = fragment.doc;
  if (doc === null) throw new Error('the section is not in a document');
  doc.transact(() => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    prosemirrorToYXmlFragment(node, fragment);
  });
}

/**
 * The last version of each section this device read whole, kept in `storage` under the room's
 * name, so that an editor can put it back over a broken one. Sections are a few kilobytes; one
 * larger than `maxChars` is not kept.
 */
export type LastGoodCopies = {
  keep(room: string, sectionId: string, node: ProseNode): void;
  read(schema: Schema, room: string, sectionId: string): { node: ProseNode; keptAtMs: number } | null;
};

export function lastGoodCopies(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  maxChars = 200_000,
): LastGoodCopies {
  const keyOf = (room: string, sectionId: string) => `pactline:last-good:${room}:${sectionId}`;
  return {
    keep(room, sectionId, node) {
      const json = JSON.stringify({ keptAtMs: Date.now(), node: node.toJSON() });
      if (json.length > maxChars) return;
      try {
        storage.setItem(keyOf(room, sectionId), json);
      } catch {
        // A full storage keeps the older copy: the editor works on without it.
      }
    },
    read(schema, room, sectionId) {
      const json = storage.getItem(keyOf(room, sectionId));
      if (json === null) return null;
      try {
        const parsed = JSON.parse(json) as { keptAtMs: number; node: unknown };
        const node = schema.nodeFromJSON(parsed.node);
        node.check();
        return { node, keptAtMs: parsed.keptAtMs };
      } catch {
        return null;
      }
    },
  };
}
