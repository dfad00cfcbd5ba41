import { describe, expect, it } from 'vitest';
import { hubspotAdapter } from './adapter.js';

const recognize = (href: string) => hubspotAdapter.recognize(new URL(href));

describe('hubspotAdapter.recognize', () => {
  it.each([
    ['https://app.hubspot.com/contacts/44001234/record/0-1/51234501', 'contact', '51234501'],
    ['https://app.hubspot.com/contacts/44001234/record/0-2/9001', 'company', '9001'],
    ['https://app.hubspot.com/contacts/44001234/record/0-3/77/', 'deal', '77'],
    ['https://app.hubspot.com/contacts/44001234/record/0-5/12?tab=activity', 'ticket', '12'],
    ['https://app-eu1.hubspot.com/contacts/25000017/record/0-136/880012', 'lead', '880012'],
    ['https://app-na2.hubspot.com/contacts/243000991/record/0-2/9001', 'company', '9001'],
    ['https://app-ap1.hubspot.com/contacts/39000042/record/0-1/5501', 'contact', '5501'],
    ['https://app.hubspot.com/contacts/44001234/record/2-3344556/101/view/1', '2-3344556', '101'],
    ['https://app.hubspot.com/contacts/44001234/contact/7301', 'contact', '7301'],
    ['https://app.hubspot.com/contacts/44001234/contact/7301/?interaction=note', 'contact', '7301'],
  ])('recognises %s as a %s record', (href, objectType, recordId) => {
    expect(recognize(href)).toEqual({ crm: 'hubspot', objectType, recordId, url: href });
  });

  it.each([
    'https://app.hubspot.com/contacts/44001234/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/44001234/record/0-1/',
    'https://app.hubspot.com/reports-dashboard/44001234/view/1',
    'https://app.hubspot.com/home',
    'https://www.hubspot.com/contacts/44001234/record/0-1/51234501',
    'http://app.hubspot.com/contacts/44001234/record/0-1/51234501',
    'https://app.hubspot.com.evil.example/contacts/44001234/record/0-1/51234501',
    'https://knowledge.hubspot.com/contacts/44001234/record/0-1/51234501',
    'https://app-evil.hubspot.com/contacts/44001234/record/0-1/51234501',
  ])('does not take %s for a record page', (href) => {
    expect(recognize(href)).toBeNull();
  });
});
