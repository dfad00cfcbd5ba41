import { describe, expect, it } from 'vitest';
import { zohoAdapter } from './adapter.js';

const recognize = (href: string) => zohoAdapter.recognize(new URL(href));

describe('zohoAdapter.recognize', () => {
  it.each([
    ['https://crm.zoho.com/crm/org701234567/tab/Leads/4876876000000123456', 'Leads', '4876876000000123456'],
    ['https://crm.zoho.eu/crm/org20071234/tab/Contacts/5000000012345', 'Contacts', '5000000012345'],
    ['https://crm.zoho.in/crm/org60001234/tab/Potentials/3000000098765/', 'Potentials', '3000000098765'],
    ['https://crm.zoho.com.au/crm/org7000123/tab/Leads/1111', 'Leads', '1111'],
    ['https://crm.zoho.jp/crm/org9000123/tab/CustomModule3/2222/edit', 'CustomModule3', '2222'],
    ['https://crm.zoho.com/crm/tab/Leads/4876876000000123456', 'Leads', '4876876000000123456'],
  ])('recognises %s as a %s record', (href, objectType, recordId) => {
    expect(recognize(href)).toEqual({ crm: 'zoho', objectType, recordId, url: href });
  });

  it.each([
    'https://crm.zoho.com/crm/org701234567/tab/Leads/custom-view/4876876000000087001/list',
    'https://crm.zoho.com/crm/org701234567/tab/Home/begin',
    'https://crm.zoho.de/crm/org701234567/tab/Leads/4876876000000123456',
    'https://www.zoho.com/crm/org701234567/tab/Leads/4876876000000123456',
  ])('does not take %s for a record page', (href) => {
    expect(recognize(href)).toBeNull();
  });
});
