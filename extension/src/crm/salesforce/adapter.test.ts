import { describe, expect, it } from 'vitest';
import { createSalesforceAdapter, salesforceAdapter } from './adapter.js';

const recognize = (href: string) => salesforceAdapter.recognize(new URL(href));

describe('salesforceAdapter.recognize', () => {
  it.each([
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaBEAV/view', 'Lead', '00Q5g00000XyZaB'],
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaB/view', 'Lead', '00Q5g00000XyZaB'],
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaBEAV/edit', 'Lead', '00Q5g00000XyZaB'],
    [
      'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaBEAV/related/Histories/view',
      'Lead',
      '00Q5g00000XyZaB',
    ],
    [
      'https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/0035g00000AbCdE/view',
      'Contact',
      '0035g00000AbCdE',
    ],
    [
      'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000PqRsTAAV/view?ws=1',
      'Opportunity',
      '0065g00000PqRsT',
    ],
    [
      'https://acme.lightning.force.com/lightning/r/Custom_Lead__c/a015g00000ZzZzZ/view',
      'Custom_Lead__c',
      'a015g00000ZzZzZ',
    ],
    ['https://acme.lightning.force.com/lightning/r/00Q5g00000XyZaBEAV/view', 'Lead', '00Q5g00000XyZaB'],
    // Developer editions, scratch orgs and Trailhead playgrounds have hosts of their own.
    [
      'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaB/view',
      'Lead',
      '00Q5g00000XyZaB',
    ],
    [
      'https://power-data-1234.scratch.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaB/view',
      'Lead',
      '00Q5g00000XyZaB',
    ],
    [
      'https://curious-fox-4a1b.trailblaze.lightning.force.com/lightning/r/Contact/0035g00000AbCdE/view',
      'Contact',
      '0035g00000AbCdE',
    ],
  ])('recognises %s as a %s record', (href, objectType, recordId) => {
    expect(recognize(href)).toEqual({ crm: 'salesforce', objectType, recordId, url: href });
  });

  it.each([
    'https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/page/home',
    'https://acme.lightning.force.com/lightning/r/Lead/00Q5g/view',
    'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000XyZaBEAV',
    'https://acme.my.salesforce.com/lightning/r/Lead/00Q5g00000XyZaBEAV/view',
    'https://lightning.force.com.evil.example/lightning/r/Lead/00Q5g00000XyZaBEAV/view',
  ])('does not take %s for a record page', (href) => {
    expect(recognize(href)).toBeNull();
  });

  it('recognises records on a custom domain once the user has added it', () => {
    const custom = createSalesforceAdapter(new Set(['crm.acme.example']));
    const href = 'https://crm.acme.example/lightning/r/Lead/00Q5g00000XyZaBEAV/view';
    expect(custom.recognize(new URL(href))).toMatchObject({
      objectType: 'Lead',
      recordId: '00Q5g00000XyZaB',
    });
    expect(recognize(href)).toBeNull();
  });
});
