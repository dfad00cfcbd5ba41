import * as z from 'zod/mini';
import { fieldNameSchema, recordRefSchema } from '../crm/crm-adapter.js';
import { clockSummarySchema, recordViewSchema, syncStatusSchema } from './record-view.js';

/** Message types between the content script, the popup and the background. */
export const MessageType = {
  openRecord: 'pactline/record/open',
  act: 'pactline/record/act',
  listClocks: 'pactline/clocks/list',
  /** Background → content script: the record's data changed; ask again. */
  recordChanged: 'pactline/record/changed',
} as const;

const reason = z.string().check(z.trim(), z.minLength(1, 'a reason is required'), z.maxLength(500));
const handoffId = z.string().check(z.minLength(1), z.maxLength(100));
const note = z.string().check(z.trim(), z.maxLength(1000));

export const fieldValuesSchema = z.partialRecord(
  fieldNameSchema,
  z.nullable(z.string().check(z.maxLength(500))),
);
export type FieldValues = z.infer<typeof fieldValuesSchema>;

export const actionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hand_off'),
    toPartyId: z.string().check(z.minLength(1)),
    displayName: z.optional(z.string().check(z.maxLength(300))),
    /** Item id → done, as the rep left the checklist (automatic items included). */
    checklist: z.record(z.string(), z.boolean()),
  }),
  z.object({ kind: z.literal('accept'), handoffId }),
  z.object({ kind: z.literal('reject'), handoffId, reason }),
  z.object({ kind: z.literal('first_touch'), handoffId }),
  z.object({ kind: z.literal('pause'), handoffId, reason }),
  z.object({ kind: z.literal('resume'), handoffId }),
  /** A call, email or meeting on the record, with an optional note: an activity in the log. */
  z.object({
    kind: z.literal('log_activity'),
    activity: z.enum(['call', 'email', 'meeting']),
    note: z.optional(note),
  }),
]);
export type Action = z.infer<typeof actionSchema>;

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(MessageType.openRecord), record: recordRefSchema, fields: fieldValuesSchema }),
  z.object({
    type: z.literal(MessageType.act),
    record: recordRefSchema,
    fields: fieldValuesSchema,
    action: actionSchema,
  }),
  z.object({ type: z.literal(MessageType.listClocks) }),
]);
export type Request = z.infer<typeof requestSchema>;

export const recordChangedSchema = z.object({ type: z.literal(MessageType.recordChanged) });

export const failureCodeSchema = z.enum(['invalid_message', 'not_configured', 'rejected', 'internal']);
export type FailureCode = z.infer<typeof failureCodeSchema>;

const failureSchema = z.object({ ok: z.literal(false), code: failureCodeSchema, message: z.string() });
export type Failure = z.infer<typeof failureSchema>;

export const recordResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: recordViewSchema }),
  failureSchema,
]);
export type RecordResponse = z.infer<typeof recordResponseSchema>;

export const clocksResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), clocks: z.array(clockSummarySchema), sync: syncStatusSchema }),
  failureSchema,
]);
export type ClocksResponse = z.infer<typeof clocksResponseSchema>;

export function failure(code: FailureCode, message: string): Failure {
  return { ok: false, code, message };
}

/** A readable one-line summary of why a message failed validation. */
function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ');
}

export type ParsedRequest = { ok: true; request: Request } | Failure;

export function parseRequest(raw: unknown): ParsedRequest {
  const parsed = requestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  return failure('invalid_message', describeIssues(parsed.error));
}

/** Validates what came back over the wire; a malformed answer becomes a failure value, not a throw. */
export function parseRecordResponse(raw: unknown): RecordResponse {
  const parsed = recordResponseSchema.safeParse(raw);
  return parsed.success ? parsed.data : failure('invalid_message', describeIssues(parsed.error));
}

export function parseClocksResponse(raw: unknown): ClocksResponse {
  const parsed = clocksResponseSchema.safeParse(raw);
  return parsed.success ? parsed.data : failure('invalid_message', describeIssues(parsed.error));
}
