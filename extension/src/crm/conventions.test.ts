import { readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { fixtureFoldersOf, loadFixturePages } from './fixture-pages.js';
import { builtInAdapters } from './registry.js';

const crmRoot = new URL('.', import.meta.url).pathname;

describe('CRM adapter conventions', () => {
  it('has one folder per built-in CRM plus the generic one, and nothing else', () => {
    const folders = readdirSync(crmRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual([...builtInAdapters.map((adapter) => adapter.id), 'generic'].sort());
  });

  for (const adapter of builtInAdapters.filter(
    (candidate) => Object.keys(candidate.fieldSelectors).length > 0,
  )) {
    describe(adapter.label, () => {
      it('has at least two saved page layouts, each with page.html and expected.json', () => {
        expect(fixtureFoldersOf(adapter.id).length).toBeGreaterThanOrEqual(2);
        for (const page of loadFixturePages(adapter.id)) {
          expect(page.html.length, page.page).toBeGreaterThan(0);
          expect(page.expected.record?.crm, page.page).toBe(adapter.id);
        }
      });

      const documents = loadFixturePages(adapter.id).map((page) => parseHTML(page.html).document);
      for (const [field, variants] of Object.entries(adapter.fieldSelectors)) {
        for (const variant of variants ?? []) {
          const { field: selector, value } =
            typeof variant === 'string' ? { field: variant, value: null } : variant;
          it(`${field} selector ${selector}${value ? ` → ${value}` : ''} matches in at least one saved page`, () => {
            const matches = documents.some((document) =>
              [...document.querySelectorAll(selector)].some(
                (element) => value === null || element.querySelector(value) !== null,
              ),
            );
            expect(matches).toBe(true);
          });
        }
      }
      for (const selector of adapter.recordScope?.current ?? []) {
        it(`record scope ${selector} matches in at least one saved page`, () => {
          expect(documents.some((document) => document.querySelector(selector) !== null)).toBe(true);
        });
      }
    });
  }
});
