import { z } from 'zod';
import { checklistItemStateSchema } from '../agreement/checklist.js';
import { entityIdSchema, epochMsSchema } from '../agreement/ids.js';
import { channelTargetSchema, recipientTargetSchema } from '../agreement/rule.js';

/**
 * The handoff log is append-only: a handoff entry, then events about it. Nothing is edited in
 * place; a correction is a new event. Every event carries who and when.
 */

export const crmIdSchema = z.enum(['hubspot', 'salesforce', 'pipedrive', 'zoho', 'dynamics', 'generic']);
export type CrmId = z.infer<typeof crmIdSchema>;

export const leadRefSchema = z.object({
  crm: crmIdSchema,
  objectType: z.string().min(1).max(100),
  recordId: z.string().min(1).max(200),
  /** The record's page: http(s) only, since it becomes a link in the log, the popup and notifications. */
  url: z.url({ protocol: /^https?$/, error: 'the record address must be an http(s) page' }).max(2000),
  displayName: z.string().max(300),
});
export type LeadRef = z.infer<typeof leadRefSchema>;

/** The identity of a CRM record across handoffs: the same lead handed off twice has the same key. */
export function leadKey(lead: Pick<LeadRef, 'crm' | 'objectType' | 'recordId'>): string {
  return `${lead.crm}:${lead.objectType}:${lead.recordId}`;
}

/**
 * Where an imported entry came from: the export file and its row, and the person the CRM names for
 * the change (its editor, the activity's rep), with their member id when the directory knows them.
 * The entry itself is written by the person importing (`fromUserId`/`byUserId`).
 */
export const importedFromSchema = z.object({
  file: z.string().min(1).max(300),
  row: z.number().int().positive(),
  by: z.string().max(200).optional(),
  byUserId: entityIdSchema.optional(),
  /** The import run that wrote it, which an undo names. */
  importId: entityIdSchema.optional(),
});
export type ImportedFrom = z.infer<typeof importedFromSchema>;

export const handoffSchema = z.object({
  id: entityIdSchema,
  agreementId: entityIdSchema,
  /** The response rules this handoff starts, with the version each was in when it started. */
  rules: z.array(z.object({ ruleId: entityIdSchema, ruleVersion: z.number().int().nonnegative() })).min(1),
  lead: leadRefSchema,
  fromPartyId: entityIdSchema,
  fromUserId: entityIdSchema,
  toPartyId: entityIdSchema,
  /** The rep who must act, when the handoff goes to a person rather than a party's queue. */
  toUserId: entityIdSchema.optional(),
  priority: z.string().min(1).max(50).optional(),
  stage: z.string().max(100).optional(),
  checklist: z.array(checklistItemStateSchema),
  startedAtMs: epochMsSchema,
  /** How it started: from the overlay's button (absent: the same), seen on the CRM page, or imported. */
  source: z.enum(['overlay', 'page', 'import']).optional(),
  /** What `startedAtMs` is: the CRM's own time of the change, or when a device first saw it. */
  startedAtSource: z.enum(['crm', 'seen']).optional(),
  /** Set on entries read from a CRM export. */
  imported: importedFromSchema.optional(),
  /**
   * When the relay first received the entry. Read from the log's `received` part, which the relay
   * alone writes; a value written inside an entry is never read.
   */
  receivedAtMs: epochMsSchema.optional(),
});
export type Handoff = z.infer<typeof handoffSchema>;

const eventBaseSchema = z.object({
  id: entityIdSchema,
  handoffId: entityIdSchema,
  atMs: epochMsSchema,
  byUserId: entityIdSchema,
  /** Set on events read from a CRM export. */
  imported: importedFromSchema.optional(),
  /**
   * When the relay first received the entry. Read from the log's `received` part, which the relay
   * alone writes; a value written inside an entry is never read.
   */
  receivedAtMs: epochMsSchema.optional(),
});

export const handoffEventSchema = z.discriminatedUnion('type', [
  eventBaseSchema.extend({ type: z.literal('accepted') }),
  eventBaseSchema.extend({ type: z.literal('first_touch'), channel: z.string().max(50).optional() }),
  eventBaseSchema.extend({ type: z.literal('rejected'), reason: z.string().min(1).max(500) }),
  eventBaseSchema.extend({ type: z.literal('paused'), reason: z.string().min(1).max(200) }),
  eventBaseSchema.extend({ type: z.literal('resumed') }),
  eventBaseSchema.extend({
    type: z.literal('reassigned'),
    toUserId: entityIdSchema.optional(),
    toPartyId: entityIdSchema.optional(),
  }),
  eventBaseSchema.extend({
    type: z.literal('escalated'),
    ruleId: entityIdSchema,
    atPercent: z.number().positive(),
    notifiedUserIds: z.array(entityIdSchema),
    /** The rung's people and parties as the rule named them; parties are resolved on delivery. */
    targets: z.array(recipientTargetSchema).optional(),
    /**
     * The channels the rung named directly. A field of its own, so a client that knows no channels
     * still reads the event (it drops a key it does not know; an unknown target kind would fail it).
     */
    channels: z.array(channelTargetSchema).optional(),
    /** `breached` for a rung at or past the target, else `rung`. */
    reason: z.enum(['rung', 'breached']).optional(),
  }),
  /**
   * A clock's outcome, recorded once it is met or breached, with the rule and calendar versions it
   * was judged under; later edits to the rule or calendar do not change it.
   */
  eventBaseSchema.extend({
    type: z.literal('judged'),
    ruleId: entityIdSchema,
    outcome: z.enum(['met', 'breached']),
    ruleVersion: z.number().int().nonnegative(),
    calendarVersion: z.number().int().nonnegative(),
    elapsedMs: z.number().nonnegative(),
    targetMs: z.number().positive(),
    stoppedAtMs: epochMsSchema.optional(),
  }),
]);
export type HandoffEvent = z.infer<typeof handoffEventSchema>;
export type HandoffEventType = HandoffEvent['type'];

/** Event order everywhere: by time, then by id, so the order never depends on insertion. */
export function compareEvents(
  a: Pick<HandoffEvent, 'atMs' | 'id'>,
  b: Pick<HandoffEvent, 'atMs' | 'id'>,
): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A handoff with its events, as the clocks and measures take it. */
export type HandoffWithEvents = Handoff & { events: readonly HandoffEvent[] };
