import { isSafeLink } from '@pactline/shared';
import type { MarkSpec, Schema } from 'prosemirror-model';
import { Plugin } from 'prosemirror-state';
import { AddMarkStep } from 'prosemirror-transform';
import { ySyncPluginKey } from 'y-prosemirror';

/**
 * The agreement text's link mark, hardened against a hostile editor: a link is only ever rendered
 * as a link when its address is http(s) or mailto (checked when a document is read, whoever wrote
 * it), opens in a new tab without an opener or referrer, and this device refuses to add a link to
 * any other address. A stored `javascript:` link from another client shows as plain text.
 */
export const safeLinkMark: MarkSpec = {
  attrs: { href: {}, title: { default: null } },
  inclusive: false,
  parseDOM: [
    {
      tag: 'a[href]',
      getAttrs: (dom) => {
        const href = (dom as HTMLElement).getAttribute('href');
        return isSafeLink(href) ? { href, title: (dom as HTMLElement).getAttribute('title') } : false;
      },
    },
  ],
  toDOM: (mark) =>
    isSafeLink(mark.attrs.href)
      ? [
          'a',
          { href: mark.attrs.href, title: mark.attrs.title, rel: 'noopener noreferrer', target: '_blank' },
          0,
        ]
      : ['span', { class: 'refused-link', 'data-refused-link': '' }, 0],
};

/** Refuses local edits that add a link to an address that is not http(s) or mailto. */
export function safeLinksOnly(schema: Schema): Plugin {
  return new Plugin({
    filterTransaction: (transaction) => {
      // Changes arriving from the shared document are rendered safely by `toDOM`, never refused:
      // refusing them would put this editor out of step with everyone else's.
      if (transaction.getMeta(ySyncPluginKey) !== undefined) return true;
      return transaction.steps.every(
        (step) =>
          !(step instanceof AddMarkStep) ||
          step.mark.type !== schema.marks.link ||
          isSafeLink(step.mark.attrs.href),
      );
    },
  });
}
