import type { FieldSelectors, FieldVariant, RecordScope } from '../crm-adapter.js';

/**
 * HubSpot record pages (contacts, companies, deals, leads, tickets share one page), from the markup
 * public extensions and test suites select on (see each fixture's `source`). Class names there are
 * generated per build, so only `data-selenium-test`/`data-test-id` hooks and HubSpot's UI library
 * classes (`private-…`) are used.
 */
const input = (property: string) => `[data-selenium-test="property-input-${property}"]`;

/** A property's own control, as the current record layout (2024 onward) renders it. */
const control = (name: string) =>
  ['input', 'textarea', 'select'].map((tag) => `${tag}${input(name)}`).join(', ');

/** A property with a list of values: the previous layout's dropdown, else the current control. */
function choice(name: string): FieldVariant[] {
  return [
    // Previous record layout (UIComponents): a dropdown wrapper showing the chosen label.
    { field: input(name), value: '.private-dropdown__item__label, .private-dropdown__button-label' },
    control(name),
  ];
}

export const hubspotFieldSelectors: FieldSelectors = {
  // The highlight card at the top of the left sidebar, in every record layout.
  name: ['[data-selenium-test="highlightTitle"]'],
  owner: [
    // Previous record layout: the owner dropdown.
    {
      field: input('hubspot_owner_id'),
      value: '.private-dropdown__item__label, .private-dropdown__button-label',
    },
    // Current record layout: the owner row renders no property-input control, only its row keyed
    // by the property name with the owner on a button.
    { field: '[data-test-id="hubspot_owner_id"]', value: 'button' },
  ],
  lifecycleStage: choice('lifecyclestage'),
  leadStatus: choice('hs_lead_status'),
  email: [control('email')],
  phone: [control('phone'), control('mobilephone')],
  company: [control('company')],
};

/** A record opened in the preview panel beside the page is another record: never read from it. */
export const hubspotRecordScope: RecordScope = {
  current: [],
  other: '[data-crm-location="CRM_OBJECT_PREVIEW"]',
};
