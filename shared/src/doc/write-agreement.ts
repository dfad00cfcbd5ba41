import type * as Y from 'yjs';
import type { z } from 'zod';
import {
  type AgreementStatus,
  agreementMetaSchema,
  agreementStatusSchema,
  agreementTermsSchema,
  type ReviewCadence,
  reviewCadenceSchema,
  type SectionId,
  sectionIdSchema,
} from '../agreement/agreement.js';
import { templateSections, templateTerms } from '../agreement/agreement-template.js';
import { checklistTemplateSchema } from '../agreement/checklist.js';
import { partySchema } from '../agreement/party.js';
import { ruleSchema } from '../agreement/rule.js';
import { calendarDefinitionSchema } from '../calendar/calendar-schema.js';
import {
  type AgreementLayout,
  agreementLayout,
  agreementSection,
  type TermsPart,
  termsParts,
} from './agreement-layout.js';
import { agreementMigrations } from './agreement-migrations.js';
import { invalidInput, type WriteResult, writeFailure } from './doc-result.js';
import { replaceFragmentText } from './prose.js';
import { positionSchema, readTermsPart } from './read-agreement.js';
import { upgradeInTransaction } from './schema-version.js';

/**
 * Named writes of an agreement, each one transaction.
 *
 * Editing a signed agreement starts a new draft: when the version in force has a signed snapshot,
 * every write that changes what was signed (title, prose, parties, calendars, rules, checklists)
 * first moves the agreement to `version + 1` with status `draft`, in the same transaction. Status
 * and review-cadence changes do not: they are not part of what is signed. Prose is edited by the
 * editor binding directly, so the editor calls `beginAgreementEdit` before the first change of an
 * editing session. Two clients that start the same new draft concurrently both write the same
 * version, so they converge.
 */

type Layout = AgreementLayout;

/** Runs `body` in one transaction once the document is upgraded, writable and initialised. */
export function writeAgreement<T extends object>(
  doc: Y.Doc,
  body: (layout: Layout) => WriteResult<T>,
): WriteResult<T> {
  let result: WriteResult<T> = writeFailure('not_initialised', 'the write did not run');
  doc.transact(() => {
    const layout = agreementLayout(doc);
    const failure = upgradeInTransaction(doc, layout.schema, agreementMigrations);
    if (failure !== null) {
      result = failure;
      return;
    }
    if (typeof layout.meta.get('id') !== 'string') {
      result = writeFailure('not_initialised', 'the agreement has not been created yet (initAgreement)');
      return;
    }
    result = body(layout);
  });
  return result;
}

function currentVersion(layout: Layout): number {
  const version = layout.meta.get('version');
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1;
}

function isVersionSigned(layout: Layout, version: number): boolean {
  return layout.signedVersions.has(String(version));
}

/** Starts version + 1 as a draft when the version in force is signed. Returns whether it did. */
function startDraftIfSigned(layout: Layout): boolean {
  const version = currentVersion(layout);
  if (!isVersionSigned(layout, version)) return false;
  layout.meta.set('version', version + 1);
  layout.meta.set('status', 'draft');
  return true;
}

/**
 * Brings the agreement to this client's schema (writes do it too), for example right after it is
 * opened. Idempotent; a newer document is refused with `newer_schema`.
 */
export function upgradeAgreement(doc: Y.Doc): WriteResult {
  let result: WriteResult = { ok: true };
  doc.transact(() => {
    const layout = agreementLayout(doc);
    result = upgradeInTransaction(doc, layout.schema, agreementMigrations) ?? { ok: true };
  });
  return result;
}

export type InitAgreementInput = {
  id: string;
  title: string;
  createdAtMs: number;
  /** Time zone of the template's business calendar. */
  timeZone?: string;
  review?: ReviewCadence;
};

/**
 * Creates the agreement from the template. Idempotent: on an agreement with the same id it does
 * nothing (`isCreated: false`). Call it once, on the device that creates the agreement: prose
 * inserted by two devices initialising the same new id offline would appear twice.
 */
export function initAgreement(doc: Y.Doc, input: InitAgreementInput): WriteResult<{ isCreated: boolean }> {
  const meta = agreementMetaSchema.safeParse({ ...input, status: 'draft', version: 1 });
  if (!meta.success) return invalidInput(meta.error.issues, 'the new agreement');
  const terms = agreementTermsSchema.safeParse(templateTerms(input.timeZone));
  if (!terms.success) return invalidInput(terms.error.issues, 'the time zone of the template calendar');
  let result: WriteResult<{ isCreated: boolean }> = { ok: true, isCreated: true };
  doc.transact(() => {
    const layout = agreementLayout(doc);
    const failure = upgradeInTransaction(doc, layout.schema, agreementMigrations);
    if (failure !== null) {
      result = failure;
      return;
    }
    const existingId = layout.meta.get('id');
    if (existingId !== undefined) {
      result =
        existingId === meta.data.id
          ? { ok: true, isCreated: false }
          : writeFailure('different_document', `this document holds agreement "${String(existingId)}"`);
      return;
    }
    for (const [key, value] of Object.entries(meta.data)) layout.meta.set(key, value);
    for (const part of termsParts) {
      terms.data[part].forEach((data, position) => {
        layout.terms[part].set(data.id, { position, data });
      });
    }
    for (const [sectionId, text] of Object.entries(templateSections)) {
      replaceFragmentText(agreementSection(doc, sectionId as SectionId), text);
    }
  });
  return result;
}

/** Call before the first prose edit of an editing session: starts a new draft if the agreement is signed. */
export function beginAgreementEdit(doc: Y.Doc): WriteResult<{ isNewDraft: boolean; version: number }> {
  return writeAgreement(doc, (layout) => {
    const isNewDraft = startDraftIfSigned(layout);
    return { ok: true, isNewDraft, version: currentVersion(layout) };
  });
}

/** Replaces a section's prose with plain text (imports, tests); the editor binds to the fragment instead. */
export function replaceSectionText(doc: Y.Doc, sectionId: SectionId, text: string): WriteResult {
  const parsedId = sectionIdSchema.safeParse(sectionId);
  if (!parsedId.success) return invalidInput(parsedId.error.issues, 'the section id');
  if (text.length > 100_000)
    return writeFailure('invalid_input', 'a section holds at most 100,000 characters');
  return writeAgreement(doc, (layout) => {
    startDraftIfSigned(layout);
    replaceFragmentText(agreementSection(doc, parsedId.data), text);
    return { ok: true };
  });
}

export function setAgreementTitle(doc: Y.Doc, title: string): WriteResult {
  const parsed = agreementMetaSchema.shape.title.safeParse(title);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the title');
  return writeAgreement(doc, (layout) => {
    if (layout.meta.get('title') === parsed.data) return { ok: true };
    startDraftIfSigned(layout);
    layout.meta.set('title', parsed.data);
    return { ok: true };
  });
}

/** `active` comes from signing; it can be set back only on a version every party signed. */
export function setAgreementStatus(doc: Y.Doc, status: AgreementStatus): WriteResult {
  const parsed = agreementStatusSchema.safeParse(status);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the status');
  return writeAgreement(doc, (layout) => {
    if (parsed.data === 'active' && !isVersionSigned(layout, currentVersion(layout))) {
      return writeFailure(
        'stale_version',
        'an agreement becomes active when every party has signed its version',
      );
    }
    layout.meta.set('status', parsed.data);
    return { ok: true };
  });
}

export function setReviewCadence(doc: Y.Doc, review: ReviewCadence): WriteResult {
  const parsed = reviewCadenceSchema.safeParse(review);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the review cadence');
  return writeAgreement(doc, (layout) => {
    layout.meta.set('review', parsed.data);
    return { ok: true };
  });
}

type Versioned<T> = T extends unknown ? Omit<T, 'version'> & { version?: number } : never;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Stores an entity of a structured part, keeping its list position. When `isVersioned`, the stored
 * version is the previous one plus one (1 for a new entity) whatever the input says. Writing an
 * entity identical to the stored one changes nothing (no version bump, no new draft).
 */
function upsertEntity<S extends z.ZodType<{ id: string }>>(
  doc: Y.Doc,
  part: TermsPart,
  schema: S,
  input: unknown,
  isVersioned: boolean,
  what: string,
): WriteResult<{ version?: number }> {
  const probe = schema.safeParse(isVersioned ? { ...(input as object), version: 1 } : input);
  if (!probe.success) return invalidInput(probe.error.issues, what);
  const id = probe.data.id;
  return writeAgreement<{ version?: number }>(doc, (layout) => {
    const entries = readTermsPart(layout, part, []);
    const existing = entries.find((entry) => entry.data.id === id);
    const previous = existing?.data as { version?: number } | undefined;
    const withoutVersion = (data: object) => ({ ...data, version: 0 });
    if (existing !== undefined) {
      const isSame = isVersioned
        ? sameJson(withoutVersion(existing.data), withoutVersion(probe.data))
        : sameJson(existing.data, probe.data);
      if (isSame)
        return previous?.version === undefined ? { ok: true } : { ok: true, version: previous.version };
    }
    const version = isVersioned ? (previous?.version ?? 0) + 1 : undefined;
    const data = version === undefined ? probe.data : { ...probe.data, version };
    const position =
      existing?.position ??
      storedPosition(layout, part, id) ??
      entries.reduce((max, entry) => Math.max(max, entry.position + 1), 0);
    startDraftIfSigned(layout);
    layout.terms[part].set(id, { position, data });
    return version === undefined ? { ok: true } : { ok: true, version };
  });
}

/** The position of a stored entry whose data is invalid, so that repairing it keeps its place. */
function storedPosition(layout: Layout, part: TermsPart, id: string): number | undefined {
  const parsed = positionSchema.safeParse(
    (layout.terms[part].get(id) as { position?: unknown } | undefined)?.position,
  );
  return parsed.success ? parsed.data : undefined;
}

function removeEntity(
  doc: Y.Doc,
  part: TermsPart,
  id: string,
  isInUse: (layout: Layout) => string | null,
): WriteResult {
  return writeAgreement(doc, (layout) => {
    if (!layout.terms[part].has(id)) return writeFailure('not_found', `no ${part} entry "${id}"`);
    const usedBy = isInUse(layout);
    if (usedBy !== null) return writeFailure('in_use', `"${id}" is still used by ${usedBy}`);
    startDraftIfSigned(layout);
    layout.terms[part].delete(id);
    return { ok: true };
  });
}

export function upsertParty(doc: Y.Doc, party: z.input<typeof partySchema>): WriteResult {
  return upsertEntity(doc, 'parties', partySchema, party, false, 'the party');
}

export function removeParty(doc: Y.Doc, partyId: string): WriteResult {
  return removeEntity(doc, 'parties', partyId, (layout) => {
    const rule = readTermsPart(layout, 'rules', []).find(({ data }) =>
      [
        'fromPartyId' in data ? data.fromPartyId : undefined,
        'toPartyId' in data ? data.toPartyId : undefined,
        'partyId' in data ? data.partyId : undefined,
      ].includes(partyId),
    );
    if (rule !== undefined) return `rule "${rule.data.id}"`;
    const checklist = readTermsPart(layout, 'checklists', []).find(
      ({ data }) => data.fromPartyId === partyId || data.toPartyId === partyId,
    );
    return checklist === undefined ? null : `checklist "${checklist.data.id}"`;
  });
}

export type CalendarInput = Versioned<z.input<typeof calendarDefinitionSchema>>;

/** Stores a calendar and bumps its version, so clocks judged under the old one keep theirs. */
export function upsertCalendar(doc: Y.Doc, calendar: CalendarInput): WriteResult<{ version?: number }> {
  return upsertEntity(doc, 'calendars', calendarDefinitionSchema, calendar, true, 'the calendar');
}

export function removeCalendar(doc: Y.Doc, calendarId: string): WriteResult {
  return removeEntity(doc, 'calendars', calendarId, (layout) => {
    const rule = readTermsPart(layout, 'rules', []).find(
      ({ data }) => 'calendarId' in data && data.calendarId === calendarId,
    );
    return rule === undefined ? null : `rule "${rule.data.id}"`;
  });
}

export type RuleInput = Versioned<z.input<typeof ruleSchema>>;

/** Stores a rule and bumps its version, so clocks judged under the old one keep theirs. */
export function upsertRule(doc: Y.Doc, rule: RuleInput): WriteResult<{ version?: number }> {
  return upsertEntity(doc, 'rules', ruleSchema, rule, true, 'the rule');
}

export function removeRule(doc: Y.Doc, ruleId: string): WriteResult {
  return removeEntity(doc, 'rules', ruleId, () => null);
}

export function upsertChecklist(doc: Y.Doc, checklist: z.input<typeof checklistTemplateSchema>): WriteResult {
  return upsertEntity(doc, 'checklists', checklistTemplateSchema, checklist, false, 'the checklist');
}

export function removeChecklist(doc: Y.Doc, checklistId: string): WriteResult {
  return removeEntity(doc, 'checklists', checklistId, () => null);
}
