import { z } from 'zod';
import { entityIdSchema, epochMsSchema } from '../agreement/ids.js';
import { compareEvents, importedFromSchema, leadRefSchema } from './handoff.js';

/**
 * An activity a rep logged on a record: a call, an email or a meeting, from the overlay in one
 * click. Activities are entries of the handoff log of the UTC month they happened in, append-only
 * like handoffs and their events; activity goals ("50 calls per SDR per week") count them.
 */

export const activityKindSchema = z.enum(['call', 'email', 'meeting']);
export type ActivityKind = z.infer<typeof activityKindSchema>;

export const activitySchema = z.object({
  id: entityIdSchema,
  kind: activityKindSchema,
  lead: leadRefSchema,
  atMs: epochMsSchema,
  byUserId: entityIdSchema,
  /** The handoff open on the record when the activity was logged, if there was one. */
  handoffId: entityIdSchema.optional(),
  note: z.string().max(1000).optional(),
  /** Set on activities read from a CRM export; `imported.byUserId` is the rep who did it. */
  imported: importedFromSchema.optional(),
  /** When the relay first received it, from the log's `received` part (see `handoffSchema`). */
  receivedAtMs: epochMsSchema.optional(),
});
export type Activity = z.infer<typeof activitySchema>;

/**
 * The rep an activity counts for: the one who did it. A logged activity is its writer's; an
 * imported one is written by the admin who imported it, for the rep the CRM names.
 */
export function creditedUserId(activity: Pick<Activity, 'byUserId' | 'imported'>): string {
  return activity.imported?.byUserId ?? activity.byUserId;
}

/** Activity order everywhere: by time, then by id, as events are ordered. */
export const compareActivities: (a: Activity, b: Activity) => number = compareEvents;

const kindWords: readonly [ActivityKind, RegExp][] = [
  ['call', /^(?:(?:phone|cold|outbound)\s+)?(?:calls?|dials?)(?:\s+(?:made|logged))?$/],
  ['email', /^(?:(?:outbound\s+)?e-?mails?|messages?)(?:\s+(?:sent|logged))?$/],
  ['meeting', /^(?:meetings?|demos?)(?:\s+(?:booked|held|set|logged))?$/],
];

/**
 * The kind of activity an activity goal counts, from the words the agreement uses for it ("call",
 * "Calls", "emails sent", "meetings booked"); undefined for words that name nothing the overlay
 * logs, which the dashboard reports as not measured rather than counting zero.
 */
export function activityKindOf(words: string): ActivityKind | undefined {
  const normalized = words.trim().toLowerCase().replace(/\s+/g, ' ');
  return kindWords.find(([, pattern]) => pattern.test(normalized))?.[0];
}
