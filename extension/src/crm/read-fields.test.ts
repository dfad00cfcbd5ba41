import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type CrmAdapter, defaultFieldLabels, type FieldName } from './crm-adapter.js';
import { loadFixturePages } from './fixture-pages.js';
import { readField, readFields, shownValue } from './read-fields.js';
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

  it('reads a field the page shows empty as empty, and keeps "can\'t read" for a field it does not show', () => {
    const withFields: CrmAdapter = {
      ...adapter,
      fieldSelectors: {
        phone: [{ field: '[data-field="phone"]', value: '.value' }],
        email: [{ field: '[data-field="email"]', value: '.value' }, 'input[name="email"]'],
        owner: [{ field: '[data-field="owner"]', value: '.value' }],
      },
    };
    const { document } = parseHTML(
      `<html><body>
        <div data-field="phone"><label>Phone</label><span class="value"> — </span></div>
        <div data-field="email"><label>Email</label></div><input name="email" value="">
      </body></html>`,
    );
    expect(readField(document, withFields, 'phone')).toEqual({ field: 'phone', ok: true, value: '' });
    expect(readField(document, withFields, 'email')).toEqual({ field: 'email', ok: true, value: '' });
    expect(readField(document, withFields, 'owner')).toMatchObject({ ok: false, code: 'unreadable' });
  });

  it('reads what a person sees: a list’s chosen label, a control’s value, text without hidden helpers', () => {
    const { document } = parseHTML(
      `<html><body>
        <select id="stage"><option value="lead">Lead</option><option value="mql" selected>Marketing qualified</option></select>
        <textarea id="notes">  Call back
          on Monday </textarea>
        <span id="owner"><a href="/u/1">Ana <b>Souza</b></a><button><span class="slds-assistive-text">Change Owner</span></button></span>
        <span id="dashes">--</span>
      </body></html>`,
    );
    const shown = (id: string) => shownValue(document.getElementById(id) as Element);
    expect(shown('stage')).toBe('Marketing qualified');
    expect(shown('notes')).toBe('Call back on Monday');
    expect(shown('owner')).toBe('Ana Souza');
    expect(shown('dashes')).toBe('');
  });

  it('reads inside the record on screen only: never a hidden earlier record or a preview of another', () => {
    const scoped: CrmAdapter = {
      ...adapter,
      fieldSelectors: { email: ['.email'] },
      recordScope: { current: ['.page.active'], all: '.page', other: '.preview' },
    };
    const page = (active: string) =>
      parseHTML(`<html><body>
        <div class="page${active === 'first' ? ' active' : ''}"><span class="email">first@example.com</span></div>
        <div class="page${active === 'second' ? ' active' : ''}"><aside class="preview"><span class="email">preview@example.com</span></aside><span class="email">second@example.com</span></div>
      </body></html>`).document;
    expect(readField(page('second'), scoped, 'email')).toMatchObject({
      ok: true,
      value: 'second@example.com',
    });
    expect(readField(page('first'), scoped, 'email')).toMatchObject({ ok: true, value: 'first@example.com' });
    // Two records kept and neither marked current: nothing is read rather than a guess.
    expect(readField(page('none'), scoped, 'email')).toMatchObject({ ok: false, code: 'unreadable' });
  });
});
