import {
  type Agreement,
  type AgreementMeta,
  agreementMetaSchema,
  type CalendarDefinition,
  type ChecklistTemplate,
  calendarDefinitionSchema,
  checklistTemplateSchema,
  isFullySigned,
  type Party,
  partySchema,
  type Rule,
  ruleSchema,
  type SectionId,
  type Signature,
  type SignedVersion,
  sectionIds,
  signatureSchema,
  signedVersionSchema,
  templateSections,
  templateTerms,
} from '@pactline/shared';
import * as Y from 'yjs';
import type { z } from 'zod';

/**
 * The agreement document as the PWA reads and writes it. Every Yjs access for agreements is in
 * this file: screens read validated plain objects and write through the named functions below,
 * each in one transaction. A collection entry that fails validation is reported and skipped, so
 * one bad entry never hides the rest of the agreement.
 */

export type ReadProblem = { path: string; message: string };

const collections = {
  parties: partySchema,
  calendars: calendarDefinitionSchema,
  rules: ruleSchema,
  checklists: checklistTemplateSchema,
} as const;
type CollectionName = keyof typeof collections;

function sectionKey(sectionId: SectionId): string {
  return `section.${sectionId}`;
}

export function agreementSection(doc: Y.Doc, sectionId: SectionId): Y.XmlFragment {
  return doc.getXmlFragment(sectionKey(sectionId));
}

function readCollection<S extends z.ZodType>(
  doc: Y.Doc,
  name: CollectionName,
  schema: S,
  problems: ReadProblem[],
): z.infer<S>[] {
  const map = doc.getMap<unknown>(name);
  const order = doc.getMap<number>(`${name}.order`);
  const items: { value: z.infer<S>; position: number; id: string }[] = [];
  for (const [id, raw] of map.entries()) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) items.push({ value: parsed.data, position: order.get(id) ?? 0, id });
    else problems.push({ path: `${name}.${id}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  items.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  return items.map((item) => item.value);
}

function readList<S extends z.ZodType>(
  doc: Y.Doc,
  name: string,
  schema: S,
  problems: ReadProblem[],
): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  doc
    .getArray<unknown>(name)
    .toArray()
    .forEach((raw, index) => {
      const parsed = schema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      else problems.push({ path: `${name}.${index}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
    });
  return out;
}

/** The plain text of a section, as kept in a signed version's snapshot. */
export function sectionText(fragment: Y.XmlFragment): string {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, into: string[]) => {
    if (node instanceof Y.XmlText) into.push(node.toString().replace(/<[^>]+>/g, ''));
    else if (node instanceof Y.XmlElement) {
      const inner: string[] = [];
      for (const child of node.toArray()) walk(child, inner);
      const text = inner.join('');
      if (['paragraph', 'heading', 'list_item', 'blockquote', 'code_block'].includes(node.nodeName)) {
        blocks.push(text);
      } else into.push(text);
    }
  };
  for (const child of fragment.toArray()) walk(child, blocks);
  return blocks.filter((block) => block.length > 0).join('\n');
}

export type AgreementRead =
  | { ok: true; agreement: Agreement; problems: ReadProblem[] }
  | { ok: false; code: 'not_initialised' | 'bad_meta'; problems: ReadProblem[] };

export function readAgreement(doc: Y.Doc): AgreementRead {
  const problems: ReadProblem[] = [];
  const metaMap = doc.getMap<unknown>('meta');
  if (metaMap.size === 0) return { ok: false, code: 'not_initialised', problems };
  const meta = agreementMetaSchema.safeParse(metaMap.toJSON());
  if (!meta.success) {
    for (const issue of meta.error.issues)
      problems.push({ path: `meta.${issue.path.join('.')}`, message: issue.message });
    return { ok: false, code: 'bad_meta', problems };
  }
  const sections = Object.fromEntries(
    sectionIds.map((id) => [id, sectionText(agreementSection(doc, id))]),
  ) as Record<SectionId, string>;
  const agreement: Agreement = {
    ...meta.data,
    sections,
    terms: {
      parties: readCollection(doc, 'parties', partySchema, problems),
      calendars: readCollection(doc, 'calendars', calendarDefinitionSchema, problems),
      rules: readCollection(doc, 'rules', ruleSchema, problems),
      checklists: readCollection(doc, 'checklists', checklistTemplateSchema, problems),
    },
    signatures: readList(doc, 'signatures', signatureSchema, problems),
    signedVersions: readList(doc, 'signedVersions', signedVersionSchema, problems),
  };
  return { ok: true, agreement, problems };
}

export function observeAgreement(doc: Y.Doc, listener: () => void): () => void {
  const handler = () => listener();
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}

function writeParagraphs(fragment: Y.XmlFragment, text: string): void {
  const paragraphs = text.split('\n').map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
  fragment.insert(fragment.length, paragraphs);
}

/** Fills a new, empty document from the template. Does nothing if the document already has meta. */
export function initAgreement(
  doc: Y.Doc,
  init: { id: string; title: string; createdAtMs: number; timeZone?: string; reviewEveryDays?: number },
): void {
  doc.transact(() => {
    const metaMap = doc.getMap<unknown>('meta');
    if (metaMap.size > 0) return;
    const reviewDays = init.reviewEveryDays ?? 90;
    const next = new Date(init.createdAtMs + reviewDays * 86_400_000).toISOString().slice(0, 10);
    const meta: AgreementMeta = agreementMetaSchema.parse({
      id: init.id,
      title: init.title,
      status: 'draft',
      version: 1,
      review: { everyDays: reviewDays, nextReviewDate: next },
      createdAtMs: init.createdAtMs,
    });
    for (const [key, value] of Object.entries(meta)) metaMap.set(key, value);
    for (const id of sectionIds) writeParagraphs(agreementSection(doc, id), templateSections[id]);
    const terms = templateTerms(init.timeZone);
    const named: [CollectionName, readonly { id: string }[]][] = [
      ['parties', terms.parties],
      ['calendars', terms.calendars],
      ['rules', terms.rules],
      ['checklists', terms.checklists],
    ];
    for (const [name, entries] of named) {
      entries.forEach((entry, index) => {
        putEntry(doc, name, entry.id, entry, index);
      });
    }
  });
}

function putEntry(doc: Y.Doc, name: CollectionName, id: string, value: unknown, position?: number): void {
  const map = doc.getMap<unknown>(name);
  const order = doc.getMap<number>(`${name}.order`);
  if (!order.has(id)) order.set(id, position ?? Date.now());
  map.set(id, value);
}

export type WriteResult = { ok: true } | { ok: false; code: 'invalid'; message: string };

function validated<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | WriteResult {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data } as { ok: true; data: z.infer<S> };
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return { ok: false, code: 'invalid', message };
}

/**
 * Editing a version that every party has signed starts a new draft: the version number moves on
 * and the signatures of the old version stay in the history.
 */
export function startDraftIfSigned(doc: Y.Doc): void {
  const read = readAgreement(doc);
  if (!read.ok) return;
  const { agreement } = read;
  if (!isFullySigned(agreement.terms.parties, agreement.signatures, agreement.version)) return;
  doc.transact(() => {
    const metaMap = doc.getMap<unknown>('meta');
    metaMap.set('version', agreement.version + 1);
    metaMap.set('status', 'draft');
  });
}

function upsert<S extends z.ZodType>(
  doc: Y.Doc,
  name: CollectionName,
  schema: S,
  value: { id: string } & Record<string, unknown>,
  bumpVersion: boolean,
): WriteResult {
  const map = doc.getMap<unknown>(name);
  const previous = map.get(value.id) as { version?: number } | undefined;
  const candidate = bumpVersion
    ? { ...value, version: (previous?.version ?? (value.version as number) ?? 0) + (previous ? 1 : 0) }
    : value;
  const checked = validated(schema, candidate);
  if (!('data' in checked)) return checked;
  doc.transact(() => {
    startDraftIfSigned(doc);
    putEntry(doc, name, value.id, checked.data);
  });
  return { ok: true };
}

export function upsertParty(doc: Y.Doc, party: Party): WriteResult {
  return upsert(doc, 'parties', partySchema, party, false);
}
export function upsertCalendar(doc: Y.Doc, calendar: CalendarDefinition): WriteResult {
  return upsert(doc, 'calendars', calendarDefinitionSchema, calendar, true);
}
export function upsertRule(doc: Y.Doc, rule: Rule): WriteResult {
  return upsert(doc, 'rules', ruleSchema, rule, true);
}
export function upsertChecklist(doc: Y.Doc, checklist: ChecklistTemplate): WriteResult {
  return upsert(doc, 'checklists', checklistTemplateSchema, checklist, false);
}

export function removeEntry(doc: Y.Doc, name: CollectionName, id: string): void {
  doc.transact(() => {
    startDraftIfSigned(doc);
    doc.getMap(name).delete(id);
    doc.getMap(`${name}.order`).delete(id);
  });
}

export function setMeta(
  doc: Y.Doc,
  patch: Partial<Pick<AgreementMeta, 'title' | 'status' | 'review'>>,
): WriteResult {
  const read = readAgreement(doc);
  if (!read.ok) return { ok: false, code: 'invalid', message: 'the agreement is not loaded' };
  const { sections: _s, terms: _t, signatures: _g, signedVersions: _v, ...meta } = read.agreement;
  const checked = validated(agreementMetaSchema, { ...meta, ...patch });
  if (!('data' in checked)) return checked;
  doc.transact(() => {
    const metaMap = doc.getMap<unknown>('meta');
    for (const [key, value] of Object.entries(patch)) metaMap.set(key, value);
  });
  return { ok: true };
}

/**
 * A party's point of contact signs the current version. When the last party signs, the version is
 * snapshotted into the readable history and the agreement becomes active.
 */
export function signAgreement(doc: Y.Doc, signature: Omit<Signature, 'version'>): WriteResult {
  const read = readAgreement(doc);
  if (!read.ok) return { ok: false, code: 'invalid', message: 'the agreement is not loaded' };
  const { agreement } = read;
  if (!agreement.terms.parties.some((party) => party.id === signature.partyId)) {
    return { ok: false, code: 'invalid', message: `no party "${signature.partyId}" in this agreement` };
  }
  const full = validated(signatureSchema, { ...signature, version: agreement.version });
  if (!('data' in full)) return full;
  if (agreement.signatures.some((s) => s.partyId === signature.partyId && s.version === agreement.version)) {
    return { ok: false, code: 'invalid', message: 'this party has already signed this version' };
  }
  doc.transact(() => {
    doc.getArray<unknown>('signatures').push([full.data]);
    const signatures = [...agreement.signatures, full.data];
    if (isFullySigned(agreement.terms.parties, signatures, agreement.version)) {
      const snapshot: SignedVersion = {
        version: agreement.version,
        signedAtMs: full.data.signedAtMs,
        signatures: signatures.filter((s) => s.version === agreement.version),
        title: agreement.title,
        sections: agreement.sections,
        terms: agreement.terms,
      };
      doc.getArray<unknown>('signedVersions').push([snapshot]);
      doc.getMap<unknown>('meta').set('status', 'active');
    }
  });
  return { ok: true };
}
