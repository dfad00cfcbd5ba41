import * as z from 'zod/mini';
import { fieldNameSchema } from '../crm-adapter.js';

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
  /** CSS selectors the user gives for reading fields on this CRM's record pages, one per field. */
  fieldSelectors: z._default(
    z.partialRecord(fieldNameSchema, z.string().check(z.minLength(1), z.maxLength(500))),
    {},
  ),
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

/**
 * The match pattern to request as an optional host permission for this CRM. Match patterns carry no
 * port (they match every port), so `http://localhost:4000` asks for `http://localhost/*`.
 */
export function hostPermissionFor(pattern: Pick<GenericPattern, 'origin'>): string {
  const url = new URL(pattern.origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Parses "owner = [data-field=owner]" lines from the options form into field selectors. */
export function parseFieldSelectorLines(
  text: string,
): { ok: true; selectors: Record<string, string> } | { ok: false; message: string } {
  const selectors: Record<string, string> = {};
  for (const [index, rawLine] of text.split('\n').entries()) {
    const line = rawLine.trim();
    if (line === '') continue;
    const separator = line.indexOf('=');
    const field = line.slice(0, Math.max(0, separator)).trim();
    const selector = line.slice(separator + 1).trim();
    if (separator < 0 || !fieldNameSchema.safeParse(field).success || selector === '') {
      return {
        ok: false,
        message: `line ${index + 1}: write "field = CSS selector" with field one of ${fieldNameSchema.options.join(', ')}`,
      };
    }
    selectors[field] = selector;
  }
  return { ok: true, selectors };
}
