import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readFields } from '../read-fields.js';
import { createGenericAdapter } from './adapter.js';
import { genericPatternSchema, hostPermissionFor, parseFieldSelectorLines } from './generic-pattern.js';

const pattern = genericPatternSchema.parse({
  id: 'inhouse',
  label: 'In-house CRM',
  origin: 'https://crm.acme.example',
  urlPattern: '^https://crm\\.acme\\.example/(?<objectType>leads|accounts)/(?<recordId>\\d+)(?:[/?#]|$)',
});

describe('generic adapter', () => {
  const adapter = createGenericAdapter(pattern);

  it('takes the record id and object type from the named groups', () => {
    const href = 'https://crm.acme.example/leads/4411?tab=notes';
    expect(adapter.recognize(new URL(href))).toEqual({
      crm: 'generic',
      objectType: 'leads',
      recordId: '4411',
      url: href,
    });
  });

  it('uses the configured object type when the pattern has no objectType group', () => {
    const plain = createGenericAdapter(
      genericPatternSchema.parse({
        ...pattern,
        urlPattern: '/people/(?<recordId>[a-z0-9]+)$',
        objectType: 'person',
      }),
    );
    expect(plain.recognize(new URL('https://crm.acme.example/people/p77'))).toMatchObject({
      objectType: 'person',
      recordId: 'p77',
    });
  });

  it.each([
    'https://crm.acme.example/leads',
    'https://crm.acme.example/reports/4411',
    'https://other.example/leads/4411',
  ])('does not take %s for a record page', (href) => {
    expect(adapter.recognize(new URL(href))).toBeNull();
  });

  it('asks for the pattern origin as the host permission, without a port', () => {
    expect(hostPermissionFor(pattern)).toBe('https://crm.acme.example/*');
    expect(hostPermissionFor({ origin: 'http://localhost:4000' })).toBe('http://localhost/*');
  });

  it('reads fields with the selectors the user gave, before the conventional markup', () => {
    const inhouse = createGenericAdapter(
      genericPatternSchema.parse({ ...pattern, fieldSelectors: { owner: '#owner-cell', phone: '.tel' } }),
    );
    const { document } = parseHTML(
      '<article><td id="owner-cell">Sam SDR</td><dd data-field="owner">stale</dd><span class="tel"></span><dd data-field="email">a@b.example</dd></article>',
    );
    const readings = readFields(document, inhouse);
    expect(readings.owner).toEqual({ field: 'owner', ok: true, value: 'Sam SDR' });
    expect(readings.email).toEqual({ field: 'email', ok: true, value: 'a@b.example' });
    expect(readings.phone).toEqual({
      field: 'phone',
      ok: false,
      code: 'unreadable',
      message: "can't read phone on this page",
    });
  });

  it('parses field selector lines and says which line is wrong', () => {
    expect(parseFieldSelectorLines('owner = [data-field="owner"]\n\n phone=#phone ')).toEqual({
      ok: true,
      selectors: { owner: '[data-field="owner"]', phone: '#phone' },
    });
    expect(parseFieldSelectorLines('owner = #o\nfax = #f')).toMatchObject({
      ok: false,
      message: expect.stringContaining('line 2'),
    });
  });

  it.each([
    [{ urlPattern: '/leads/(\\d+)' }, 'needs a (?<recordId>…) group'],
    [{ urlPattern: '/leads/(?<recordId>\\d+' }, 'not a valid regular expression'],
    [{ origin: 'https://crm.acme.example/leads' }, 'an origin like https://crm.example.com, no path'],
  ])('rejects %j with a clear message', (change, message) => {
    const result = genericPatternSchema.safeParse({ ...pattern, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});
