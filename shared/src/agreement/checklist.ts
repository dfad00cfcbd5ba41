import { z } from 'zod';
import { entityIdSchema } from './ids.js';

/** CRM record fields the extension can read from a page for automatic checklist items. */
export const crmFieldSchema = z.enum(['owner', 'email', 'phone', 'lifecycleStage', 'leadStatus', 'company']);
export type CrmField = z.infer<typeof crmFieldSchema>;

export const autoCheckSchema = z.discriminatedUnion('condition', [
  z.object({ field: crmFieldSchema, condition: z.literal('filled') }),
  z.object({ field: crmFieldSchema, condition: z.literal('equals'), value: z.string().min(1) }),
  z.object({
    field: crmFieldSchema,
    condition: z.literal('one_of'),
    values: z.array(z.string().min(1)).min(1),
  }),
]);
export type AutoCheck = z.infer<typeof autoCheckSchema>;

export const checklistItemSchema = z.object({
  id: entityIdSchema,
  label: z.string().min(1).max(300),
  isRequired: z.boolean(),
  autoCheck: autoCheckSchema.optional(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/** What must be done before a lead at `stage` is handed from one party to the next. */
export const checklistTemplateSchema = z.object({
  id: entityIdSchema,
  name: z.string().min(1).max(200),
  stage: z.string().min(1).max(100),
  fromPartyId: entityIdSchema.optional(),
  toPartyId: entityIdSchema.optional(),
  items: z.array(checklistItemSchema),
});
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;

/** The state of one checklist item when the handoff was made, kept in the log entry. */
export const checklistItemStateSchema = z.object({
  itemId: entityIdSchema,
  label: z.string(),
  isRequired: z.boolean(),
  isDone: z.boolean(),
  isAutomatic: z.boolean().default(false),
});
export type ChecklistItemState = z.infer<typeof checklistItemStateSchema>;

export type AutoCheckValue = { status: 'read'; value: string | null } | { status: 'unreadable' };

/** Whether an automatic check passes; `null` when the page did not let us read the field. */
export function evaluateAutoCheck(check: AutoCheck, field: AutoCheckValue): boolean | null {
  if (field.status === 'unreadable') return null;
  const value = field.value?.trim() ?? '';
  switch (check.condition) {
    case 'filled':
      return value.length > 0;
    case 'equals':
      return value.toLowerCase() === check.value.toLowerCase();
    case 'one_of':
      return check.values.some((candidate) => candidate.toLowerCase() === value.toLowerCase());
  }
}

export function requiredItemsDone(items: readonly ChecklistItemState[]): boolean {
  return items.every((item) => !item.isRequired || item.isDone);
}
