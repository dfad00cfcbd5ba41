import * as z from 'zod/mini';

/**
 * A user-configured CRM: the origin it lives on (asked as an optional host permission) and a regular
 * expression over the full URL whose `recordId` named group is the record id. An `objectType` named
 * group is used when present, else the configured object type.
 */
export const genericPatternSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  origin: z
    .url()
    .check(
      z.refine(
        (value) => /^https?:\/\/[^/]+$/.test(value),
        'an origin like https://crm.example.com, no path',
      ),
    ),
  urlPattern: z.string().check(
    z.minLength(1),
    z.maxLength(1000),
    z.refine(isValidRegExp, 'not a valid regular expression'),
    z.refine((value) => /\(\?<recordId>/.test(value), 'needs a (?<recordId>…) group'),
  ),
  objectType: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'record'),
});
export type GenericPattern = z.infer<typeof genericPatternSchema>;

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** The match pattern to request as an optional host permission for this CRM. */
export function hostPermissionFor(pattern: Pick<GenericPattern, 'origin'>): string {
  return `${pattern.origin}/*`;
}
