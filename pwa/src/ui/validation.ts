import type { z } from 'zod';

/** Zod issues keyed by their dotted path, for messages shown beside the field they concern. */
export type FieldIssues = ReadonlyMap<string, string[]>;

export function issuesByPath(result: z.ZodSafeParseResult<unknown>): FieldIssues {
  const map = new Map<string, string[]>();
  if (result.success) return map;
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    map.set(key, [...(map.get(key) ?? []), friendlyMessage(issue)]);
  }
  return map;
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'enter a number';
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'required';
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
  }
  return issue.message;
}

/** Messages at `path` and below it (e.g. `week.mon` collects `week.mon.0.end`). */
export function issuesUnder(issues: FieldIssues, path: string): string[] {
  const out: string[] = [];
  for (const [key, messages] of issues) {
    if (key === path || key.startsWith(`${path}.`)) out.push(...messages);
  }
  return out;
}

/** A number input's value: empty stays NaN so that the schema reports it rather than a silent 0. */
export function numberFromInput(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}
