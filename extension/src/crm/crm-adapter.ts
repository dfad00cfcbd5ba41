// zod/mini: this module ships in the content script, which must stay small.
import type { CrmField } from '@pactline/shared';
import * as z from 'zod/mini';

export const crmIdSchema = z.enum(['hubspot', 'salesforce', 'pipedrive', 'zoho', 'dynamics', 'generic']);
export type CrmId = z.infer<typeof crmIdSchema>;

/** A CRM record identified from its URL: what the handoff log stores about the lead. */
export const recordRefSchema = z.object({
  crm: crmIdSchema,
  /** The CRM's own name for the object type: `contact`, `Lead`, `person`, `Leads`, `lead`… */
  objectType: z.string().check(z.minLength(1), z.maxLength(100)),
  recordId: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The record's page, http(s) only: it becomes a link in the popup and in notifications. */
  url: z.url({ protocol: /^https?$/ }).check(z.maxLength(4000)),
});
export type RecordRef = z.infer<typeof recordRefSchema>;

/**
 * Fields read from a record page: the CRM fields automatic checklist items test (the shared
 * `CrmField`, repeated here so the content script does not bundle the shared schemas) and the
 * record's display name for the handoff log.
 */
export const fieldNameSchema = z.enum([
  'name',
  'owner',
  'email',
  'phone',
  'lifecycleStage',
  'leadStatus',
  'company',
  /** When the current owner was assigned, as the CRM shows it (a machine-readable time). */
  'ownerChangedAt',
  /** When the record entered its current stage, as the CRM shows it. */
  'stageChangedAt',
]);
export type FieldName = z.infer<typeof fieldNameSchema>;

/** The fields that time a change the page shows, rather than hold a value a checklist tests. */
export type ChangeTimeField = 'ownerChangedAt' | 'stageChangedAt';

// Fails the typecheck if the shared list of checkable fields and ours drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const fieldsMatchShared: Same<Exclude<FieldName, 'name' | ChangeTimeField>, CrmField> = true;
void fieldsMatchShared;

/**
 * One way a CRM lays a field out: a selector for the element that holds its value, or, where the
 * field is on the page even when it has no value, `field` for the field's element and `value` for
 * the value inside it (so an empty field reads as empty rather than as "can't read").
 */
export type FieldVariant = string | { readonly field: string; readonly value: string };

/**
 * Variants tried in order; the first one that finds a value wins. Each entry is one layout variant
 * of the CRM's record page and carries a comment saying which.
 */
export type FieldSelectors = Partial<Record<FieldName, readonly FieldVariant[]>>;

/**
 * Where the record on screen is, for CRMs that keep earlier records' pages in the DOM (a
 * single-page app that hides a page instead of removing it) or show another record beside it (a
 * preview panel). Fields are read inside the first `current` element found, never inside `other`.
 * When no `current` element is found but `all` matches more than one element, the page holds
 * several records and none is marked current: nothing is read rather than a value guessed.
 */
export type RecordScope = {
  readonly current: readonly string[];
  readonly all?: string;
  readonly other?: string;
};

export interface CrmAdapter {
  readonly id: CrmId;
  readonly label: string;
  /** Match patterns for the hosts the extension covers out of the box. */
  readonly hostPatterns: readonly string[];
  /** What this CRM calls each field, for "can't read lead status on this page". */
  readonly fieldLabels: Record<FieldName, string>;
  readonly fieldSelectors: FieldSelectors;
  readonly recordScope?: RecordScope;
  /** The record a URL points at, or null when the URL is not a record page of this CRM. */
  recognize(url: URL): RecordRef | null;
}

export function recordKey(record: Pick<RecordRef, 'crm' | 'objectType' | 'recordId'>): string {
  return `${record.crm}:${record.objectType}:${record.recordId}`;
}

export const defaultFieldLabels: Record<FieldName, string> = {
  name: 'name',
  owner: 'owner',
  email: 'email',
  phone: 'phone',
  lifecycleStage: 'lifecycle stage',
  leadStatus: 'lead status',
  company: 'company',
  ownerChangedAt: 'time the owner was assigned',
  stageChangedAt: 'time the stage was entered',
};
