import { z } from 'zod';

/** Ids of parties, rules, checklists, users: short, URL- and room-safe. */
export const entityIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, dot, colon, dash and underscore only');

export const epochMsSchema = z.number().int().nonnegative();
