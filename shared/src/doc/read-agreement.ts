import type * as Y from 'yjs';
import { z } from 'zod';
import {
  type Agreement,
  type AgreementTerms,
  agreementMetaSchema,
  agreementStatusSchema,
  reviewCadenceSchema,
  type SectionId,
  type Signature,
  type SignedVersion,
  sectionIds,
  signatureSchema,
  signedVersionSchema,
} from '../agreement/agreement.js';
import { type ChecklistTemplate, checklistTemplateSchema } from '../agreement/checklist.js';
import { type Party, partySchema } from '../agreement/party.js';
import { type Rule, ruleSchema } from '../agreement/rule.js';
import { type CalendarDefinition, calendarDefinitionSchema } from '../calendar/calendar-schema.js';
import {
  type AgreementLayout,
  agreementLayout,
  agreementSection,
  type TermsPart,
} from './agreement-layout.js';
import { agreementMigrations } from './agreement-migrations.js';
import type { DocProblem } from './doc-result.js';
import { fragmentPlainText } from './prose.js';
import { parsePlain, readEntries } from './read-entries.js';
import { schemaAccess } from './schema-version.js';

export type AgreementRead = {
  /** `null` until the document is initialised, or when its id, version or creation time is unusable. */
  agreement: Agreement | null;
  problems: DocProblem[];
  schemaVersion: number;
  isReadOnly: boolean;
  readOnlyReason?: string;
};

export const positionSchema = z.number().finite();

type TermsData = {
  parties: Party;
  calendars: CalendarDefinition;
  rules: Rule;
  checklists: ChecklistTemplate;
};
export type TermsEntry<P extends TermsPart> = { position: number; data: TermsData[P] };

/** One `{ position, data }` schema per part, built once: agreements are read on every change. */
const termsEntrySchemas = {
  parties: z.object({ position: positionSchema, data: partySchema }),
  calendars: z.object({ position: positionSchema, data: calendarDefinitionSchema }),
  rules: z.object({ position: positionSchema, data: ruleSchema }),
  checklists: z.object({ position: positionSchema, data: checklistTemplateSchema }),
} as const;

/** Entities of one structured part in list order, invalid entries reported and skipped. */
export function readTermsPart<P extends TermsPart>(
  layout: AgreementLayout,
  part: P,
  problems: DocProblem[],
): TermsEntry<P>[] {
  const entrySchema = termsEntrySchemas[part] as unknown as z.ZodType<TermsEntry<P>>;
  return readEntries(layout.terms[part], part, entrySchema, problems)
    .filter(({ key, value }) => {
      if (value.data.id === key) return true;
      problems.push({
        path: `${part}/${key}/data/id`,
        message: `id "${value.data.id}" differs from its key`,
      });
      return false;
    })
    .map(({ value }) => value)
    .sort((a, b) => a.position - b.position || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
}

export function readTerms(layout: AgreementLayout, problems: DocProblem[]): AgreementTerms {
  return {
    parties: readTermsPart(layout, 'parties', problems).map((entry) => entry.data),
    calendars: readTermsPart(layout, 'calendars', problems).map((entry) => entry.data),
    rules: readTermsPart(layout, 'rules', problems).map((entry) => entry.data),
    checklists: readTermsPart(layout, 'checklists', problems).map((entry) => entry.data),
  };
}

export function readSectionsText(doc: Y.Doc): Record<SectionId, string> {
  const sections = {} as Record<SectionId, string>;
  for (const sectionId of sectionIds)
    sections[sectionId] = fragmentPlainText(agreementSection(doc, sectionId));
  return sections;
}

export function readSignatures(layout: AgreementLayout, problems: DocProblem[]): Signature[] {
  return readEntries(layout.signatures, 'signatures', signatureSchema, problems)
    .filter(({ key, value }) => {
      if (key === `${value.version}:${value.partyId}`) return true;
      problems.push({
        path: `signatures/${key}`,
        message: 'key does not match the signature version and party',
      });
      return false;
    })
    .map(({ value }) => value)
    .sort((a, b) => a.version - b.version || a.signedAtMs - b.signedAtMs || (a.partyId < b.partyId ? -1 : 1));
}

export function readSignedVersions(layout: AgreementLayout, problems: DocProblem[]): SignedVersion[] {
  return readEntries(layout.signedVersions, 'signedVersions', signedVersionSchema, problems)
    .filter(({ key, value }) => {
      if (key === String(value.version)) return true;
      problems.push({ path: `signedVersions/${key}`, message: 'key does not match the snapshot version' });
      return false;
    })
    .map(({ value }) => value)
    .sort((a, b) => a.version - b.version);
}

/**
 * Meta fields, each validated on its own: an unusable title or status falls back (and is reported)
 * so the rest of the agreement stays readable; an unusable id, version or creation time cannot.
 */
export function readMeta(layout: AgreementLayout, problems: DocProblem[]) {
  const { meta } = layout;
  if (meta.get('id') === undefined) return null;
  const shape = agreementMetaSchema.shape;
  const id = parsePlain(meta.get('id'), 'meta/id', shape.id, problems);
  const version = parsePlain(meta.get('version'), 'meta/version', shape.version, problems);
  const createdAtMs = parsePlain(meta.get('createdAtMs'), 'meta/createdAtMs', shape.createdAtMs, problems);
  const title = parsePlain(meta.get('title'), 'meta/title', shape.title, problems) ?? 'Untitled agreement';
  const status = parsePlain(meta.get('status'), 'meta/status', agreementStatusSchema, problems) ?? 'draft';
  const rawReview = meta.get('review');
  const review =
    rawReview === undefined ? undefined : parsePlain(rawReview, 'meta/review', reviewCadenceSchema, problems);
  if (id === undefined || version === undefined || createdAtMs === undefined) return null;
  return review === undefined
    ? { id, title, status, version, createdAtMs }
    : { id, title, status, version, createdAtMs, review };
}

export function readAgreement(doc: Y.Doc): AgreementRead {
  const layout = agreementLayout(doc);
  const problems: DocProblem[] = [];
  const access = schemaAccess(layout.schema, agreementMigrations);
  const meta = readMeta(layout, problems);
  const agreement: Agreement | null =
    meta === null
      ? null
      : {
          ...meta,
          sections: readSectionsText(doc),
          terms: readTerms(layout, problems),
          signatures: readSignatures(layout, problems),
          signedVersions: readSignedVersions(layout, problems),
        };
  const base = { agreement, problems, schemaVersion: access.version };
  return access.isReadOnly
    ? { ...base, isReadOnly: true, readOnlyReason: access.readOnlyReason }
    : { ...base, isReadOnly: false };
}
