import { z } from 'zod';
import { calendarDefinitionSchema, localDateSchema } from '../calendar/calendar-schema.js';
import { checklistTemplateSchema } from './checklist.js';
import { entityIdSchema, epochMsSchema } from './ids.js';
import { partySchema } from './party.js';
import { ruleSchema } from './rule.js';

/**
 * The agreement: prose sections after the seeds' building blocks, plus the structured parts that
 * the clocks and the extension run on. Prose lives in the Yjs document as rich text; the schemas
 * here describe the structured parts and the plain-text snapshot kept with each signed version.
 */

export const sectionIds = [
  'summary',
  'goals',
  'needs',
  'contacts',
  'definitions',
  'consequences',
  'incentives',
  'cancellation',
  'review',
] as const;
export const sectionIdSchema = z.enum(sectionIds);
export type SectionId = z.infer<typeof sectionIdSchema>;

export const sectionTitles: Record<SectionId, string> = {
  summary: 'Summary',
  goals: 'Goals of each party',
  needs: 'What each party needs from the others',
  contacts: 'Points of contact',
  definitions: 'Definitions (MQL and SQL criteria)',
  consequences: 'Consequences when goals are missed',
  incentives: 'Incentives when goals are met',
  cancellation: 'Conditions of cancellation',
  review: 'Review cadence',
};

export const agreementStatusSchema = z.enum(['draft', 'active', 'under_review', 'cancelled']);
export type AgreementStatus = z.infer<typeof agreementStatusSchema>;

export const reviewCadenceSchema = z.object({
  everyDays: z.number().int().positive().max(3650),
  nextReviewDate: localDateSchema,
  lastReviewedDate: localDateSchema.optional(),
});
export type ReviewCadence = z.infer<typeof reviewCadenceSchema>;

export const signatureSchema = z.object({
  partyId: entityIdSchema,
  userId: entityIdSchema,
  signerName: z.string().min(1).max(200),
  signedAtMs: epochMsSchema,
  version: z.number().int().positive(),
});
export type Signature = z.infer<typeof signatureSchema>;

/** The agreement's structured parts, without prose. */
export const agreementTermsSchema = z.object({
  parties: z.array(partySchema),
  calendars: z.array(calendarDefinitionSchema),
  rules: z.array(ruleSchema),
  checklists: z.array(checklistTemplateSchema),
});
export type AgreementTerms = z.infer<typeof agreementTermsSchema>;

/** A version once every party has signed it: kept readable forever. */
export const signedVersionSchema = z.object({
  version: z.number().int().positive(),
  signedAtMs: epochMsSchema,
  signatures: z.array(signatureSchema).min(1),
  title: z.string(),
  sections: z.record(sectionIdSchema, z.string()),
  terms: agreementTermsSchema,
});
export type SignedVersion = z.infer<typeof signedVersionSchema>;

export const agreementMetaSchema = z.object({
  id: entityIdSchema,
  title: z.string().min(1).max(300),
  status: agreementStatusSchema,
  /** The version being drafted or in force; it increases when a signed agreement is edited. */
  version: z.number().int().positive(),
  review: reviewCadenceSchema.optional(),
  createdAtMs: epochMsSchema,
});
export type AgreementMeta = z.infer<typeof agreementMetaSchema>;

/** The whole agreement as plain data, as read from its document. */
export const agreementSchema = agreementMetaSchema.extend({
  sections: z.record(sectionIdSchema, z.string()),
  terms: agreementTermsSchema,
  signatures: z.array(signatureSchema),
  signedVersions: z.array(signedVersionSchema),
});
export type Agreement = z.infer<typeof agreementSchema>;

/** True when every party's point of contact has signed `version`. */
export function isFullySigned(
  parties: readonly { id: string }[],
  signatures: readonly Signature[],
  version: number,
): boolean {
  if (parties.length === 0) return false;
  return parties.every((party) =>
    signatures.some((signature) => signature.partyId === party.id && signature.version === version),
  );
}
