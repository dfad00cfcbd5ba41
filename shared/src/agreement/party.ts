import { z } from 'zod';
import { entityIdSchema } from './ids.js';

export const partyRoleSchema = z.enum(['marketing', 'sdr', 'ae', 'customer_success', 'other']);
export type PartyRole = z.infer<typeof partyRoleSchema>;

export const contactSchema = z.object({
  name: z.string().min(1).max(200),
  email: z.email().optional(),
  userId: entityIdSchema.optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A team that is party to the agreement, with the point of contact who signs for it. */
export const partySchema = z.object({
  id: entityIdSchema,
  name: z.string().min(1).max(200),
  role: partyRoleSchema,
  contact: contactSchema,
});
export type Party = z.infer<typeof partySchema>;

/** A person in the workspace and the party they work for. */
const crmNameSchema = z.string().trim().min(1, 'a CRM name cannot be empty').max(200);

export const memberSchema = z.object({
  userId: entityIdSchema,
  displayName: z.string().min(1).max(200),
  partyId: entityIdSchema.optional(),
  email: z.email().optional(),
  /**
   * The names the CRMs show for this person as a record's owner ("Alexandra Eriksson", "aeriksson"),
   * when they differ from `displayName`; an owner on a CRM page is matched against both.
   */
  crmNames: z
    .array(crmNameSchema)
    .max(20)
    .refine((names) => new Set(names.map(comparableName)).size === names.length, 'a CRM name is listed twice')
    .optional(),
});
export type Member = z.infer<typeof memberSchema>;

/** Members as lists show them: by display name, then user id (code-unit order, the same everywhere). */
export function compareMembers(a: Member, b: Member): number {
  return compareText(a.displayName, b.displayName) || compareText(a.userId, b.userId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name as people compare names: case and spacing aside. */
export function comparableName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Whether a name a CRM page shows (an owner) is this member: their display name or a CRM name. */
export function isMemberNamed(member: Member, shown: string): boolean {
  const wanted = comparableName(shown);
  if (wanted === '') return false;
  return [member.displayName, ...(member.crmNames ?? [])].some((name) => comparableName(name) === wanted);
}
