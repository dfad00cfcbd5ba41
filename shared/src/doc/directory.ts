import type * as Y from 'yjs';
import { z } from 'zod';
import { agreementMetaSchema, agreementStatusSchema } from '../agreement/agreement.js';
import { compareMembers, type Member, memberSchema } from '../agreement/party.js';
import { localDateSchema } from '../calendar/calendar-schema.js';
import { type DirectoryLayout, directoryLayout } from './directory-layout.js';
import { type DocProblem, invalidInput, type WriteResult, writeFailure } from './doc-result.js';
import { readEntries } from './read-entries.js';
import { type Migration, schemaAccess, upgradeInTransaction } from './schema-version.js';

/** The workspace directory: which agreements exist and who the members are. */

export const directoryMigrations: readonly Migration[] = [
  { toVersion: 1, up: () => {} },
  /**
   * Version 2: a member may carry the names CRMs show for them (`crmNames`). Nothing to move; the
   * version keeps a client that knows only version 1 from saving a member without those names.
   */
  { toVersion: 2, up: () => {} },
];

export const directoryAgreementSchema = z.object({
  id: agreementMetaSchema.shape.id,
  title: agreementMetaSchema.shape.title,
  status: agreementStatusSchema,
  nextReviewDate: localDateSchema.optional(),
});
export type DirectoryAgreement = z.infer<typeof directoryAgreementSchema>;

export type DirectoryRead = {
  /** Agreements by title then id. */
  agreements: DirectoryAgreement[];
  /** Members by display name then user id. */
  members: Member[];
  problems: DocProblem[];
  schemaVersion: number;
  isReadOnly: boolean;
  readOnlyReason?: string;
};

function byKey<T>(
  entries: { key: string; value: T }[],
  idOf: (value: T) => string,
  path: string,
  problems: DocProblem[],
) {
  return entries
    .filter(({ key, value }) => {
      if (idOf(value) === key) return true;
      problems.push({ path: `${path}/${key}`, message: `id "${idOf(value)}" differs from its key` });
      return false;
    })
    .map(({ value }) => value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function readDirectory(doc: Y.Doc): DirectoryRead {
  const layout = directoryLayout(doc);
  const problems: DocProblem[] = [];
  const agreements = byKey(
    readEntries(layout.agreements, 'agreements', directoryAgreementSchema, problems),
    (agreement) => agreement.id,
    'agreements',
    problems,
  ).sort((a, b) => compareText(a.title, b.title) || compareText(a.id, b.id));
  const members = byKey(
    readEntries(layout.members, 'members', memberSchema, problems),
    (member) => member.userId,
    'members',
    problems,
  ).sort(compareMembers);
  const access = schemaAccess(layout.schema, directoryMigrations);
  const base = { agreements, members, problems, schemaVersion: access.version };
  return access.isReadOnly
    ? { ...base, isReadOnly: true, readOnlyReason: access.readOnlyReason }
    : { ...base, isReadOnly: false };
}

function writeDirectory(doc: Y.Doc, body: (layout: DirectoryLayout) => WriteResult): WriteResult {
  let result: WriteResult = { ok: true };
  doc.transact(() => {
    const layout = directoryLayout(doc);
    result = upgradeInTransaction(doc, layout.schema, directoryMigrations) ?? body(layout);
  });
  return result;
}

/** Brings the directory to this client's schema; writes do it too. Idempotent. */
export function upgradeDirectory(doc: Y.Doc): WriteResult {
  return writeDirectory(doc, () => ({ ok: true }));
}

export function upsertDirectoryAgreement(doc: Y.Doc, agreement: DirectoryAgreement): WriteResult {
  const parsed = directoryAgreementSchema.safeParse(agreement);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the agreement entry');
  return writeDirectory(doc, (layout) => {
    layout.agreements.set(parsed.data.id, parsed.data);
    return { ok: true };
  });
}

export function removeDirectoryAgreement(doc: Y.Doc, agreementId: string): WriteResult {
  return writeDirectory(doc, (layout) => {
    if (!layout.agreements.has(agreementId))
      return writeFailure('not_found', `no agreement "${agreementId}"`);
    layout.agreements.delete(agreementId);
    return { ok: true };
  });
}

export function upsertMember(doc: Y.Doc, member: Member): WriteResult {
  const parsed = memberSchema.safeParse(member);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the member');
  return writeDirectory(doc, (layout) => {
    layout.members.set(parsed.data.userId, parsed.data);
    return { ok: true };
  });
}

export function removeMember(doc: Y.Doc, userId: string): WriteResult {
  return writeDirectory(doc, (layout) => {
    if (!layout.members.has(userId)) return writeFailure('not_found', `no member "${userId}"`);
    layout.members.delete(userId);
    return { ok: true };
  });
}
