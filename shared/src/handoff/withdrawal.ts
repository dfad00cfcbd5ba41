import { z } from 'zod';
import { entityIdSchema, epochMsSchema } from '../agreement/ids.js';

/**
 * A withdrawal takes entries out of what the log reads, without removing anything: the log stays
 * append-only, and the withdrawn entries, the withdrawal and who wrote it stay in it (and in its
 * hash chain). It is how an import is undone as a whole. Only an admin writes one, as only an admin
 * imports; the relay enforces both.
 */
export const withdrawnEntryKeySchema = z
  .string()
  .max(200)
  .regex(
    /^(?:handoffs|events|activities)\/[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'an entry as `handoffs/<id>`, `events/<id>` or `activities/<id>`',
  );

/** Entries one withdrawal names at most: a larger undo writes several, each under the entry limit. */
export const maxWithdrawnPerEntry = 150;

export const withdrawalSchema = z.object({
  id: entityIdSchema,
  /** The entries withdrawn, keyed as the log's receipts are (`events/<id>`). */
  entries: z.array(withdrawnEntryKeySchema).min(1).max(maxWithdrawnPerEntry),
  /** The import undone. */
  importId: entityIdSchema,
  atMs: epochMsSchema,
  byUserId: entityIdSchema,
  receivedAtMs: epochMsSchema.optional(),
});
export type Withdrawal = z.infer<typeof withdrawalSchema>;
