import { describe, expect, it } from 'vitest';
import { createGenericAdapter } from './adapter.js';
import { genericPatternSchema, hostPermissionFor } from './generic-pattern.js';

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

  it('asks for the pattern origin as the host permission', () => {
    expect(hostPermissionFor(pattern)).toBe('https://crm.acme.example/*');
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
