import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { proseSchema } from './prose-schema';
import {
  lastGoodCopies,
  nodeFromPlainText,
  readableParts,
  readSection,
  restoreSection,
} from './section-content';

function section(build: (fragment: Y.XmlFragment) => void) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('section:goals');
  doc.transact(() => build(fragment));
  return { doc, fragment };
}

const paragraph = (text: string, attributes?: Record<string, unknown>) => {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text, attributes);
  element.insert(0, [content]);
  return element;
};

const plain = (node: {
  textContent: string;
  childCount: number;
  child(index: number): { textContent: string };
}) => Array.from({ length: node.childCount }, (_, index) => node.child(index).textContent);

describe('reading an agreement section before binding the editor', () => {
  it('reads a healthy section whole, marks and links included', () => {
    const { fragment } = section((f) => {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText('Goals')]);
      f.insert(0, [
        heading,
        paragraph('Answer in 15 minutes', { strong: {}, link: { href: 'https://pactline.example' } }),
      ]);
    });
    const read = readSection(proseSchema, fragment);
    expect(read.ok).toBe(true);
    if (read.ok) expect(plain(read.node)).toEqual(['Goals', 'Answer in 15 minutes']);
  });

  it('calls out values that are not text, unknown elements and unknown marks, keeping the readable parts', () => {
    const junk: [string, (f: Y.XmlFragment) => void, string][] = [
      ['a number among the blocks', (f) => f.insert(1, [42 as unknown as Y.XmlElement]), 'not text (number)'],
      [
        'an element no schema knows',
        (f) => f.insert(1, [new Y.XmlElement('script')]),
        'unknown element "script"',
      ],
      ['a mark no schema knows', (f) => f.insert(1, [paragraph('x', { blink: {} })]), 'unknown mark "blink"'],
      [
        'a block inside a paragraph',
        (f) => {
          const outer = new Y.XmlElement('paragraph');
          outer.insert(0, [paragraph('nested')]);
          f.insert(1, [outer]);
        },
        '',
      ],
    ];
    for (const [what, addJunk, reason] of junk) {
      const { fragment } = section((f) => {
        f.insert(0, [paragraph('Kept before')]);
        addJunk(f);
        f.insert(f.length, [paragraph('Kept after')]);
      });
      const read = readSection(proseSchema, fragment);
      expect(read.ok, what).toBe(false);
      if (read.ok) continue;
      expect(read.reason, what).toContain(reason);
      expect(plain(read.readable), what).toEqual(['Kept before', 'Kept after']);
      // Reading changes nothing: the junk stays in the shared document until someone restores.
      expect(fragment.length, what).toBe(3);
    }
  });

  it('restores a version over junk in one change, which then reads whole', () => {
    const { doc, fragment } = section((f) => f.insert(0, [paragraph('Good'), 42 as unknown as Y.XmlElement]));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    restoreSection(fragment, nodeFromPlainText(proseSchema, 'Line one\nLine two'));
    expect(updates).toHaveLength(1);
    const read = readSection(proseSchema, fragment);
    expect(read.ok).toBe(true);
    if (read.ok) expect(plain(read.node)).toEqual(['Line one', 'Line two']);
    expect(plain(readableParts(proseSchema, fragment))).toEqual(['Line one', 'Line two']);
  });

  it('keeps the last good copy per room and section, and ignores a copy that does not read', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
    const copies = lastGoodCopies(storage);
    copies.keep('acme/agreement/a', 'goals', nodeFromPlainText(proseSchema, 'Kept'));
    const kept = copies.read(proseSchema, 'acme/agreement/a', 'goals');
    expect(kept && plain(kept.node)).toEqual(['Kept']);
    expect(copies.read(proseSchema, 'acme/agreement/a', 'needs')).toBeNull();
    expect(copies.read(proseSchema, 'acme/agreement/b', 'goals')).toBeNull();
    for (const key of items.keys()) items.set(key, '{"keptAtMs":1,"node":{"type":"script"}}');
    expect(copies.read(proseSchema, 'acme/agreement/a', 'goals')).toBeNull();
    // A full storage keeps the older copy and does not throw.
    const full = lastGoodCopies({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => full.keep('acme/agreement/a', 'goals', nodeFromPlainText(proseSchema, 'x'))).not.toThrow();
  });
});
