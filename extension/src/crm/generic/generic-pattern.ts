import { z } from 'zod';

/**
 * A user-configured CRM: the origin it lives on (asked as an optional host permission) and a regular
 * expression over the full URL whose `recordId` named group is the record id. An `objectType` named
 * group is used when present, else the configured object type.
 */
export const genericPatternSchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(100),
  origin: z
    .string()
    .url()
    .refine((value) => /^https?:\/\/[^/]+$/.test(value), 'an origin like https://crm.example.com, no path'),
  urlPattern: z
    .string()
    .min(1)
    .max(1000)
    .refine(isValidRegExp, 'not a valid regular expression')
    .refine((value) => /\(\?<recordId>/.test(value), 'needs a (?<recordId>…) group'),
  objectType: z.string().min(1).max(100).default('record'),
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
