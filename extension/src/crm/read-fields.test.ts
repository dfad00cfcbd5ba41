import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type CrmAdapter, defaultFieldLabels, type FieldName } from './crm-adapter.js';
import { loadFixturePages } from './fixture-pages.js';
import { readField, readFields } from './read-fields.js';
import { builtInAdapters, recognizeRecord } from './registry.js';

// Looped like mozilla/readability's test pages: every saved page of every CRM with selectors.
for (const adapter of builtInAdapters) {
  const pages = loadFixturePages(adapter.id);
  if (pages.length === 0) continue;
  describe(`${adapter.label} saved pages`, () => {
    for (const { page, html, expected } of pages) {
      describe(page, () => {
        it('recognises the record from the URL', () => {
          const recognized = recognizeRecord(builtInAdapters, expected.url);
          expect(recognized?.record ?? null).toEqual(
            expected.record && { ...expected.record, url: expected.url },
          );
        });

        it('reads each field as the expectation says, unreadable ones with a message naming the field', () => {
          const { document } = parseHTML(html);
          const readings = readFields(document, adapter);
          for (const [field, value] of Object.entries(expected.fields)) {
            const reading = readings[field as FieldName];
            if (value === null) {
              expect(reading).toMatchObject({ ok: false, code: 'unreadable' });
              expect(reading?.ok === false && reading.message).toBe(
                `can't read ${adapter.fieldLabels[field as FieldName]} on this page`,
              );
            } else {
              expect(reading).toEqual({ field, ok: true, value });
            }
          }
        });
      });
    }
  });
}

describe('readField', () => {
  const adapter: CrmAdapter = {
    id: 'generic',
    label: 'Test CRM',
    hostPatterns: [],
    fieldLabels: { ...defaultFieldLabels, phone: 'phone number' },
    fieldSelectors: { phone: ['[[not a selector', '#empty', '#phone input', '#phone'] },
    recognize: () => null,
  };

  it('skips a selector the engine rejects and an empty element, and reads an input value', () => {
    const { document } = parseHTML(
      '<html><body><div id="empty"> </div><div id="phone"><input value="+1 555 0100"></div></body></html>',
    );
    expect(readField(document, adapter, 'phone')).toEqual({ field: 'phone', ok: true, value: '+1 555 0100' });
  });

  it('reports a field with no selector variant matching as unreadable, never throwing', () => {
    const { document } = parseHTML('<html><body><p>A CRM that changed its markup</p></body></html>');
    expect(readField(document, adapter, 'phone')).toEqual({
      field: 'phone',
      ok: false,
      code: 'unreadable',
      message: "can't read phone number on this page",
    });
    expect(readField(document, adapter, 'owner')).toMatchObject({
      ok: false,
      message: "can't read owner on this page",
    });
  });
});
