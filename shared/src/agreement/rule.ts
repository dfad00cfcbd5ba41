import { z } from 'zod';
import { entityIdSchema } from './ids.js';

/**
 * The four kinds of rule an agreement can hold. Every rule has an id, a name and a version; the
 * version increases on every edit so that a clock judged met or breached can say which rule it was
 * judged under.
 */

const ruleBaseSchema = z.object({
  id: entityIdSchema,
  name: z.string().min(1).max(200),
  version: z.number().int().nonnegative(),
  description: z.string().max(2000).optional(),
  isEnabled: z.boolean().default(true),
});

export const stopEventSchema = z.enum(['accepted', 'first_touch', 'rejected']);
export type StopEvent = z.infer<typeof stopEventSchema>;

/** Whom to tell among people: a whole party, a named user, or the handoff's own sender or receiver. */
export const recipientTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('party'), partyId: entityIdSchema }),
  z.object({ kind: z.literal('user'), userId: entityIdSchema }),
  z.object({ kind: z.literal('sender') }),
  z.object({ kind: z.literal('receiver') }),
]);
export type RecipientTarget = z.infer<typeof recipientTargetSchema>;

/**
 * An escalation channel the relay keeps (a Slack or Teams channel, a webhook), by its id there and
 * the name it had when the rule named it, so the rule reads in words on devices that cannot ask
 * the relay.
 */
export const channelTargetSchema = z.object({
  kind: z.literal('channel'),
  channelId: entityIdSchema,
  name: z.string().trim().min(1).max(200),
});
export type ChannelTarget = z.infer<typeof channelTargetSchema>;

/** Whom a rung tells: people and parties, or a channel directly. */
export const escalationTargetSchema = z.discriminatedUnion('kind', [
  ...recipientTargetSchema.options,
  channelTargetSchema,
]);
export type EscalationTarget = z.infer<typeof escalationTargetSchema>;

/** One rung of the ladder: at `atPercent` of the target (100 = the breach), notify these. */
export const escalationStepSchema = z.object({
  atPercent: z.number().gt(0).max(1000),
  notify: z.array(escalationTargetSchema).min(1),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

/**
 * When a response rule's handoff starts: when someone presses "Hand off" (absent: the same), when
 * the CRM page shows the record's stage at a value, or when it shows the record's owner to be a
 * member of a party (the handoffs the CRM already knows).
 */
export const handoffTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('button') }),
  z.object({ kind: z.literal('owner'), partyId: entityIdSchema }),
  z.object({
    kind: z.literal('stage'),
    field: z.enum(['lifecycleStage', 'leadStatus']),
    value: z.string().trim().min(1, 'name the stage as the CRM shows it').max(100),
  }),
]);
export type HandoffTrigger = z.infer<typeof handoffTriggerSchema>;

const targetMinutesSchema = z
  .number()
  .positive()
  .max(60 * 24 * 365);

export const responseRuleSchema = ruleBaseSchema
  .extend({
    kind: z.literal('response'),
    fromPartyId: entityIdSchema,
    toPartyId: entityIdSchema,
    calendarId: entityIdSchema,
    /** Target when the handoff has no priority, or one not listed below. */
    targetMinutes: targetMinutesSchema,
    /** Per-priority targets, e.g. { hot: 15, warm: 240 }. */
    targetMinutesByPriority: z.record(z.string().min(1).max(50), targetMinutesSchema).default({}),
    /** Warning thresholds as percentages of the target, strictly between 0 and 100. */
    warningPercents: z.array(z.number().gt(0).lt(100)).default([50, 80]),
    stopOn: z.array(stopEventSchema).min(1, 'a response rule needs at least one event that stops it'),
    allowedPauseReasons: z.array(z.string().min(1).max(200)).default([]),
    /** Whether a reassignment starts the clock again from zero for the new receiver. */
    isResetOnReassign: z.boolean().default(false),
    escalation: z.array(escalationStepSchema).default([]),
    trigger: handoffTriggerSchema.optional(),
    /**
     * When an event the relay received late (`recordedLateByMs`) counts: at the time it claims
     * (absent: offline work counts as done when it was done), or when the relay received it (a
     * first touch logged hours after the fact stops the clock when it was logged).
     */
    lateEventsCountAt: z.enum(['claimed', 'received']).optional(),
  })
  .superRefine((rule, ctx) => {
    const sorted = [...rule.warningPercents].sort((a, b) => a - b);
    if (sorted.some((value, index) => value !== rule.warningPercents[index])) {
      ctx.addIssue({
        code: 'custom',
        message: 'warning thresholds must be in increasing order',
        path: ['warningPercents'],
      });
    }
    if (new Set(rule.warningPercents).size !== rule.warningPercents.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'warning thresholds must be distinct',
        path: ['warningPercents'],
      });
    }
    if (rule.fromPartyId === rule.toPartyId) {
      ctx.addIssue({
        code: 'custom',
        message: 'a handoff goes from one party to another',
        path: ['toPartyId'],
      });
    }
  });
export type ResponseRule = z.infer<typeof responseRuleSchema>;

export const periodSchema = z.enum(['day', 'week', 'month', 'quarter']);
export type Period = z.infer<typeof periodSchema>;

/** A party delivers at least `targetCount` items per period, paced across the period's business days. */
export const volumeRuleSchema = ruleBaseSchema.extend({
  kind: z.literal('volume'),
  partyId: entityIdSchema,
  /** What is counted: handoffs from the party to `toPartyId` (e.g. MQLs from marketing to SDR). */
  toPartyId: entityIdSchema.optional(),
  itemLabel: z.string().min(1).max(100),
  targetCount: z.number().int().positive(),
  period: periodSchema,
  calendarId: entityIdSchema.optional(),
});
export type VolumeRule = z.infer<typeof volumeRuleSchema>;

/** Each rep of a party logs at least `targetCount` activities per period (e.g. 50 calls a week). */
export const activityRuleSchema = ruleBaseSchema.extend({
  kind: z.literal('activity'),
  partyId: entityIdSchema,
  activity: z.string().min(1).max(100),
  targetCount: z.number().int().positive(),
  period: periodSchema,
});
export type ActivityRule = z.infer<typeof activityRuleSchema>;

/** A rate target: of the handoffs a party receives, at least (or at most) this share is accepted. */
export const conversionRuleSchema = ruleBaseSchema.extend({
  kind: z.literal('conversion'),
  partyId: entityIdSchema,
  fromStage: z.string().min(1).max(100),
  toStage: z.string().min(1).max(100),
  targetPercent: z.number().min(0).max(100),
  comparison: z.enum(['at_least', 'at_most']).default('at_least'),
  period: periodSchema,
});
export type ConversionRule = z.infer<typeof conversionRuleSchema>;

export const ruleSchema = z.discriminatedUnion('kind', [
  responseRuleSchema,
  volumeRuleSchema,
  activityRuleSchema,
  conversionRuleSchema,
]);
export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];

/** The target in business minutes for a handoff of this priority. */
export function targetMinutesFor(rule: ResponseRule, priority: string | undefined): number {
  if (priority !== undefined) {
    const byPriority = rule.targetMinutesByPriority[priority];
    if (byPriority !== undefined) return byPriority;
  }
  return rule.targetMinutes;
}
