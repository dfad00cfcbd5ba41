import { agreementStatusSchema, entityIdSchema, localDateSchema } from '@pactline/shared';
import type * as Y from 'yjs';
import { z } from 'zod';
import type { ReadProblem } from './agreement-model';

/** The workspace directory as the PWA reads it: the list of agreements with their status. */
export const agreementSummarySchema = z.object({
  id: entityIdSchema,
  title: z.string().min(1).max(300),
  status: agreementStatusSchema,
  version: z.number().int().positive(),
  nextReviewDate: localDateSchema.optional(),
  createdAtMs: z.number().int().nonnegative(),
});
export type AgreementSummary = z.infer<typeof agreementSummarySchema>;

export function readAgreementList(doc: Y.Doc): { agreements: AgreementSummary[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const agreements: AgreementSummary[] = [];
  for (const [id, raw] of doc.getMap<unknown>('agreements').entries()) {
    const parsed = agreementSummarySchema.safeParse(raw);
    if (parsed.success) agreements.push(parsed.data);
    else problems.push({ path: `agreements.${id}`, message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  agreements.sort((a, b) => b.createdAtMs - a.createdAtMs);
  return { agreements, problems };
}

export function putAgreementSummary(doc: Y.Doc, summary: AgreementSummary): void {
  const checked = agreementSummarySchema.parse(summary);
  const map = doc.getMap<unknown>('agreements');
  const previous = agreementSummarySchema.safeParse(map.get(checked.id));
  if (previous.success && JSON.stringify(previous.data) === JSON.stringify(checked)) return;
  doc.transact(() => map.set(checked.id, checked));
}

export function observeDirectory(doc: Y.Doc, listener: () => void): () => void {
  const map = doc.getMap('agreements');
  map.observe(listener);
  return () => map.unobserve(listener);
}
