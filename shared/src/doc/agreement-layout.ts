import type * as Y from 'yjs';
import { type SectionId, sectionIds } from '../agreement/agreement.js';
import { DocumentModelError } from './doc-result.js';

/**
 * The Yjs layout of an agreement document. This file and the other `*-layout.ts` files are the
 * only places that name shared types; everything else goes through the handles returned here.
 *
 * - `schema`: the schema-version max-register (see schema-version.ts).
 * - `meta`: one key per field (id, title, status, version, createdAtMs, review) so that concurrent
 *   edits of different fields merge.
 * - `section:<id>`: one root `Y.XmlFragment` per prose section. Root types merge by name, so two
 *   clients never create competing fragments; the PWA binds its editor to `agreementSection()`.
 * - `parties`, `calendars`, `rules`, `checklists`: maps keyed by entity id of
 *   `{ position, data }` entries, so concurrent edits of different entities merge and a list keeps
 *   the order entities were added in. An entity is replaced whole (last writer wins per entity).
 * - `signatures`: keyed `<version>:<partyId>`; `signedVersions`: keyed by version number, each a
 *   plain snapshot (plain-text sections and terms) that is never edited.
 */

export const termsParts = ['parties', 'calendars', 'rules', 'checklists'] as const;
export type TermsPart = (typeof termsParts)[number];

export type AgreementLayout = {
  schema: Y.Map<unknown>;
  meta: Y.Map<unknown>;
  terms: Record<TermsPart, Y.Map<unknown>>;
  signatures: Y.Map<unknown>;
  signedVersions: Y.Map<unknown>;
};

export function agreementLayout(doc: Y.Doc): AgreementLayout {
  return {
    schema: doc.getMap('schema'),
    meta: doc.getMap('meta'),
    terms: {
      parties: doc.getMap('parties'),
      calendars: doc.getMap('calendars'),
      rules: doc.getMap('rules'),
      checklists: doc.getMap('checklists'),
    },
    signatures: doc.getMap('signatures'),
    signedVersions: doc.getMap('signedVersions'),
  };
}

/** The rich-text fragment of one prose section, for an editor binding (y-prosemirror). */
export function agreementSection(doc: Y.Doc, sectionId: SectionId): Y.XmlFragment {
  if (!(sectionIds as readonly string[]).includes(sectionId)) {
    throw new DocumentModelError(`unknown agreement section "${sectionId}"`);
  }
  return doc.getXmlFragment(`section:${sectionId}`);
}
