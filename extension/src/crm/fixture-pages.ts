import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { crmIdSchema, fieldNameSchema } from './crm-adapter.js';

/**
 * Saved record pages, one folder per page under `<crm>/fixtures/`, each with the page's HTML and
 * what the adapter must make of it. A field expected as `null` must come out unreadable, one
 * expected as `""` as present and empty.
 */
export const fixtureExpectationSchema = z.object({
  /** Where the page's markup comes from: saved from the CRM, or what public code it is built from. */
  source: z.string().min(40),
  url: z.string().url(),
  record: z.object({ crm: crmIdSchema, objectType: z.string(), recordId: z.string() }).nullable(),
  fields: z.partialRecord(fieldNameSchema, z.string().nullable()),
});
export type FixtureExpectation = z.infer<typeof fixtureExpectationSchema>;

export interface FixturePage {
  crm: string;
  page: string;
  html: string;
  expected: FixtureExpectation;
}

const crmRoot = new URL('.', import.meta.url).pathname;

export function fixtureFoldersOf(crm: string): string[] {
  const dir = join(crmRoot, crm, 'fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function loadFixturePages(crm: string): FixturePage[] {
  return fixtureFoldersOf(crm).map((page) => {
    const dir = join(crmRoot, crm, 'fixtures', page);
    const expected = fixtureExpectationSchema.parse(
      JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')),
    );
    return { crm, page, html: readFileSync(join(dir, 'page.html'), 'utf8'), expected };
  });
}
