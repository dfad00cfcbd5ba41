import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { FieldName } from '../crm-adapter.js';
import { loadFixturePages } from '../fixture-pages.js';
import { builtInHostPatterns } from '../host-patterns.js';
import { readFields } from '../read-fields.js';
import { createRegistry, recognizeRecord } from '../registry.js';
import { demoCrmAdapter } from './demo-crm.js';

const registry = createRegistry({ genericPatterns: [], salesforceHosts: [] });

describe('demo CRM adapter', () => {
  it.each([
    ['http://localhost:5175/leads/L-1001', 'L-1001'],
    ['http://127.0.0.1:40123/leads/L-1006?tab=notes', 'L-1006'],
    ['http://localhost/leads/L-1002#history', 'L-1002'],
    // The leads of the seeded history, which the demo's handoffs point at.
    ['http://localhost:5175/leads/H-0042', 'H-0042'],
  ])('recognises %s on any local port', (href, recordId) => {
    expect(recognizeRecord(registry, href)?.record).toEqual({
      crm: 'generic',
      objectType: 'leads',
      recordId,
      url: href,
    });
  });

  it.each([
    'http://localhost:5175/leads',
    'http://localhost:5175/leads/L-1001/edit',
    'https://localhost:5175/leads/L-1001',
    'http://crm.example.com/leads/L-1001',
    'http://localhost.example.com/leads/L-1001',
  ])('does not take %s for a demo lead', (href) => {
    expect(demoCrmAdapter.recognize(new URL(href))).toBeNull();
  });

  it('is covered by the built-in host permissions, so it needs no runtime permission', () => {
    expect(builtInHostPatterns).toEqual(expect.arrayContaining(['http://localhost/*', 'http://127.0.0.1/*']));
  });

  for (const { page, html, expected } of loadFixturePages('generic')) {
    it(`reads the marked-up fields of the saved ${page} page, an empty one as unreadable`, () => {
      expect(recognizeRecord(registry, expected.url)?.record ?? null).toEqual(
        expected.record && { ...expected.record, url: expected.url },
      );
      const readings = readFields(parseHTML(html).document, demoCrmAdapter);
      for (const [field, value] of Object.entries(expected.fields)) {
        const reading = readings[field as FieldName];
        if (value === null)
          expect(reading).toMatchObject({ ok: false, message: `can't read ${field} on this page` });
        else expect(reading).toEqual({ field, ok: true, value });
      }
    });
  }
});
