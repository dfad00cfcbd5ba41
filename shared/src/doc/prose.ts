import * as Y from 'yjs';

/**
 * Plain text of rich-text fragments, for signed snapshots and search, and the plain-text writer
 * used for the template. Block elements become lines; inline formatting is dropped.
 */

function nodeText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert?: unknown }[])
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('');
  }
  if (node instanceof Y.XmlElement) {
    const children = node.toArray();
    const hasBlocks = children.some((child) => child instanceof Y.XmlElement);
    return children.map(nodeText).join(hasBlocks ? '\n' : '');
  }
  return '';
}

export function fragmentPlainText(fragment: Y.XmlFragment): string {
  return fragment.toArray().map(nodeText).join('\n');
}

/** Replaces the fragment's content with one paragraph per line of `text`. Call inside a transaction. */
export function replaceFragmentText(fragment: Y.XmlFragment, text: string): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  const lines = text === '' ? [] : text.split('\n');
  const paragraphs = lines.map(() => new Y.XmlElement('paragraph'));
  fragment.insert(0, paragraphs);
  paragraphs.forEach((paragraph, index) => {
    const line = lines[index] ?? '';
    if (line !== '') paragraph.insert(0, [new Y.XmlText(line)]);
  });
}
