import type { MarkType } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { proseSchema } from './prose-schema';
import { safeLinksOnly } from './safe-link-mark';

const link = proseSchema.marks.link as MarkType;

function stateWithText() {
  const doc = proseSchema.node('doc', null, [
    proseSchema.node('paragraph', null, [proseSchema.text('Read the terms')]),
  ]);
  const state = EditorState.create({ schema: proseSchema, doc, plugins: [safeLinksOnly(proseSchema)] });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1, 15)));
}

function linkOf(state: EditorState): unknown {
  let href: unknown = null;
  state.doc.descendants((node) => {
    const found = node.marks.find((mark) => mark.type === link);
    if (found) href = found.attrs.href;
  });
  return href;
}

describe('links in the agreement text', () => {
  it('refuses to add a link to a javascript: address on this device', () => {
    const state = stateWithText();
    const hostile = state.apply(
      state.tr.addMark(1, 15, link.create({ href: 'javascript:alert(document.cookie)' })),
    );
    expect(linkOf(hostile)).toBeNull();
  });

  it('adds a link to an https address', () => {
    const state = stateWithText();
    const linked = state.apply(state.tr.addMark(1, 15, link.create({ href: 'https://example.com/terms' })));
    expect(linkOf(linked)).toBe('https://example.com/terms');
  });

  it('renders a stored hostile link as text and a safe one without opener or referrer', () => {
    const render = link.spec.toDOM as (mark: unknown, inline: boolean) => unknown;
    expect(render(link.create({ href: 'javascript:alert(1)' }), true)).toEqual([
      'span',
      { class: 'refused-link', 'data-refused-link': '' },
      0,
    ]);
    expect(render(link.create({ href: 'https://example.com' }), true)).toEqual([
      'a',
      { href: 'https://example.com', title: null, rel: 'noopener noreferrer', target: '_blank' },
      0,
    ]);
  });
});
