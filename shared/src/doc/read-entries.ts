import * as Y from 'yjs';
import type { z } from 'zod';
import { type DocProblem, issuesAsProblems } from './doc-result.js';

/**
 * Reads every entry of a map of plain values through `schema`. An entry that fails validation is
 * reported under `<basePath>/<key>` and skipped; the others are returned.
 */
export function readEntries<S extends z.ZodType>(
  map: Y.Map<unknown>,
  basePath: string,
  schema: S,
  problems: DocProblem[],
): { key: string; value: z.output<S> }[] {
  const entries: { key: string; value: z.output<S> }[] = [];
  for (const [key, raw] of map.entries()) {
    const parsed = parsePlain(raw, `${basePath}/${key}`, schema, problems);
    if (parsed !== undefined) entries.push({ key, value: parsed });
  }
  return entries;
}

/** Validates one plain value of a document; a shared type where plain data belongs is a problem. */
export function parsePlain<S extends z.ZodType>(
  raw: unknown,
  path: string,
  schema: S,
  problems: DocProblem[],
): z.output<S> | undefined {
  if (raw instanceof Y.AbstractType) {
    problems.push({ path, message: 'expected plain data, found a shared type' });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    problems.push(...issuesAsProblems(path, result.error.issues));
    return undefined;
  }
  return result.data;
}
