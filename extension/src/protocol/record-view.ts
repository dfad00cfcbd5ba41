import * as z from 'zod/mini';
import { fieldNameSchema, recordRefSchema } from '../crm/crm-adapter.js';

/**
 * What the background tells the overlay about one record: plain data already evaluated, so the
 * content script needs neither the document model nor the clock code. A clock is a snapshot taken
 * at `evaluatedAtMs`; while `isTicking` the overlay counts it down locally, and it asks again at
 * `nextChangeAtMs` (a threshold, the breach, or the edge of business hours).
 */
export const clockStateSchema = z.enum(['running', 'paused', 'outside_hours', 'warning', 'met', 'breached']);
export type ClockState = z.infer<typeof clockStateSchema>;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const ms = z.number().check(z.int());

export const clockViewSchema = z.object({
  handoffId: text(100),
  ruleId: text(100),
  ruleName: text(200),
  state: clockStateSchema,
  pauseReason: z.optional(text(500)),
  /** Business time left; negative once breached. */
  remainingMs: ms,
  targetMs: ms,
  /** Wall time of the breach if nothing stops the clock; null when met or paused. */
  breachAtMs: z.nullable(ms),
  isTicking: z.boolean(),
  evaluatedAtMs: ms,
  nextChangeAtMs: z.nullable(ms),
  fromParty: text(200),
  toParty: text(200),
  /** The rep who owns the lead on the receiving side, when known. */
  owner: z.optional(text(200)),
});
export type ClockView = z.infer<typeof clockViewSchema>;

export const checklistItemSchema = z.object({
  id: text(100),
  label: text(500),
  isRequired: z.boolean(),
  /** An item checked from the page: evaluated by the background from the fields the page showed. */
  autoCheck: z.optional(
    z.object({
      field: fieldNameSchema,
      result: z.enum(['passed', 'failed', 'unreadable']),
      /** "can't read phone on this page" when unreadable. */
      message: z.optional(z.string()),
    }),
  ),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const handoffEventTypeSchema = z.enum([
  'handed_off',
  'accepted',
  'first_touch',
  'rejected',
  'paused',
  'resumed',
  'reassigned',
  'escalated',
  'call',
  'email',
  'meeting',
]);
export type HandoffEventType = z.infer<typeof handoffEventTypeSchema>;

export const historyEntrySchema = z.object({
  id: text(100),
  type: handoffEventTypeSchema,
  atMs: ms,
  by: text(200),
  reason: z.optional(text(500)),
  detail: z.optional(text(500)),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const partyOptionSchema = z.object({ id: text(100), label: text(200) });

/** The viewer's own count on one of their party's activity goals, in its current period. */
export const activityPaceSchema = z.object({
  ruleId: text(100),
  activity: z.enum(['call', 'email', 'meeting']),
  period: z.enum(['day', 'week', 'month', 'quarter']),
  count: ms,
  targetCount: ms,
  /** What the pace asks for by now, rounded up to whole activities. */
  expectedByNowCount: ms,
  isOnTrack: z.boolean(),
  isMet: z.boolean(),
});
export type ActivityPace = z.infer<typeof activityPaceSchema>;

export const syncStatusSchema = z.object({
  state: z.enum(['not_configured', 'connecting', 'connected', 'offline']),
  /** Local changes the relay is not known to hold yet (they are kept and sent when it is reachable). */
  hasUnsentChanges: z.boolean(),
  message: z.optional(z.string()),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const recordViewSchema = z.object({
  record: recordRefSchema,
  displayName: z.optional(text(300)),
  clocks: z.array(clockViewSchema),
  checklist: z.object({ stage: text(200), items: z.array(checklistItemSchema) }),
  history: z.array(historyEntrySchema),
  handOffTargets: z.array(partyOptionSchema),
  pauseReasons: z.array(text(200)),
  rejectReasons: z.array(text(200)),
  activityPace: z.array(activityPaceSchema),
  /** Viewers and clients meeting a newer document schema cannot act. */
  isReadOnly: z.boolean(),
  sync: syncStatusSchema,
});
export type RecordView = z.infer<typeof recordViewSchema>;

export const clockSummarySchema = z.object({
  clock: clockViewSchema,
  record: recordRefSchema,
  displayName: z.optional(text(300)),
});
export type ClockSummary = z.infer<typeof clockSummarySchema>;
