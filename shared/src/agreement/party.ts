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
export const memberSchema = z.object({
  userId: entityIdSchema,
  displayName: z.string().min(1).max(200),
  partyId: entityIdSchema.optional(),
  email: z.email().optional(),
});
export type Member = z.infer<typeof memberSchema>;
