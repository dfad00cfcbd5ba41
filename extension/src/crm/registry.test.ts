import { describe, expect, it } from 'vitest';
import { genericPatternSchema } from './generic/generic-pattern.js';
import { builtInAdapters, createRegistry, recognizeRecord } from './registry.js';

describe('recognizeRecord', () => {
  it('picks the adapter by URL', () => {
    const cases: Array<[string, string]> = [
      ['https://app.hubspot.com/contacts/1/record/0-1/2', 'hubspot'],
      ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaB/view', 'salesforce'],
      ['https://acme.pipedrive.com/person/3', 'pipedrive'],
      ['https://crm.zoho.eu/crm/org1/tab/Leads/4', 'zoho'],
      [
        'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
        'dynamics',
      ],
    ];
    for (const [href, crm] of cases) expect(recognizeRecord(builtInAdapters, href)?.adapter.id).toBe(crm);
  });

  it('returns null for a page that is no record and for a string that is no URL', () => {
    expect(recognizeRecord(builtInAdapters, 'https://example.com/')).toBeNull();
    expect(recognizeRecord(builtInAdapters, 'not a url')).toBeNull();
  });

  it('adds user patterns and custom Salesforce domains after the built-in CRMs', () => {
    const registry = createRegistry({
      genericPatterns: [
        genericPatternSchema.parse({
          id: 'x',
          label: 'In-house',
          origin: 'https://crm.acme.example',
          urlPattern: '/lead/(?<recordId>\\d+)',
        }),
      ],
      salesforceHosts: ['sales.acme.example'],
    });
    expect(recognizeRecord(registry, 'https://crm.acme.example/lead/9')?.adapter.label).toBe('In-house');
    expect(
      recognizeRecord(registry, 'https://sales.acme.example/lightning/r/Lead/00Q5g00000XyZaB/view')?.adapter
        .id,
    ).toBe('salesforce');
  });
});
