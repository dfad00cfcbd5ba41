import type { FieldSelectors, FieldVariant, RecordScope } from '../crm-adapter.js';

/**
 * Salesforce Lightning record pages. Both the standard page layout (`records-record-layout-item`)
 * and Dynamic Forms (`record_flexipage-record-field`) give each field's element the field's API
 * name in `data-target-selection-name` ("sfdc:RecordField.Lead.Status"), which is what Salesforce
 * test suites and public extensions select on; the value sits in the field's form-element control,
 * its label beside it.
 */
const objects = ['Lead', 'Contact'] as const;
const control = '.slds-form-element__control, .test-id__field-value';

/** One field, on each object that has it: the first API name per object that the object knows. */
function recordField(
  apiNames: Partial<Record<(typeof objects)[number], string>>,
  value = control,
): FieldVariant[] {
  return objects.flatMap((object) => {
    const apiName = apiNames[object];
    return apiName === undefined
      ? []
      : [{ field: `[data-target-selection-name="sfdc:RecordField.${object}.${apiName}"]`, value }];
  });
}

export const salesforceFieldSelectors: FieldSelectors = {
  name: [
    ...recordField({ Lead: 'Name', Contact: 'Name' }),
    // The highlights panel's primary field, on pages whose layout leaves the name out.
    'records-highlights2 slot[name="primaryField"] lightning-formatted-name',
  ],
  // A lookup: the link's text, not the "Change Owner" button beside it.
  owner: recordField({ Lead: 'OwnerId', Contact: 'OwnerId' }, 'a'),
  leadStatus: [
    ...recordField({ Lead: 'Status' }),
    // The path component above the tabs marks the current status.
    'records-path .slds-path__item.slds-is-current .slds-path__title',
  ],
  company: [...recordField({ Lead: 'Company' }), ...recordField({ Contact: 'AccountId' }, 'a')],
  email: recordField({ Lead: 'Email', Contact: 'Email' }),
  phone: [...recordField({ Lead: 'Phone', Contact: 'Phone' }), ...recordField({ Contact: 'MobilePhone' })],
};

/**
 * Lightning keeps the pages of records visited earlier in the DOM, hidden, and marks the one on
 * screen `active` (in the standard navigation and in console tabs).
 */
export const salesforceRecordScope: RecordScope = {
  current: [
    'div.windowViewMode-normal.active',
    'section.oneConsoleTab div.windowViewMode-maximized.active.lafPageHost',
    'div.oneContent.active',
  ],
  all: 'div.windowViewMode-normal, div.windowViewMode-maximized, div.oneContent',
};
