import { describe, expect, it } from 'vitest';
import { pipedriveAdapter } from './adapter.js';

const recognize = (href: string) => pipedriveAdapter.recognize(new URL(href));

describe('pipedriveAdapter.recognize', () => {
  it.each([
    ['https://acme.pipedrive.com/person/123', 'person', '123'],
    ['https://acme.pipedrive.com/deal/45/', 'deal', '45'],
    ['https://acme.pipedrive.com/organization/7', 'organization', '7'],
    [
      'https://acme.pipedrive.com/leads/inbox/8F1C2A3B-4D5E-6F70-8192-A3B4C5D6E7F8',
      'lead',
      '8f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f8',
    ],
  ])('recognises %s as a %s record', (href, objectType, recordId) => {
    expect(recognize(href)).toEqual({ crm: 'pipedrive', objectType, recordId, url: href });
  });

  it.each([
    'https://acme.pipedrive.com/persons/list',
    'https://acme.pipedrive.com/pipeline/1/user/everyone',
    'https://acme.pipedrive.com/leads/inbox',
    'https://acme.pipedrive.com/person/abc',
    'https://pipedrive.com/person/123',
  ])('does not take %s for a record page', (href) => {
    expect(recognize(href)).toBeNull();
  });
});
