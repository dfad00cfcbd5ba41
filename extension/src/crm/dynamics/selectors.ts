import type { FieldSelectors, FieldVariant } from '../crm-adapter.js';

/**
 * Dynamics 365 model-driven forms (Unified Interface). Each field sits in
 * `div[data-id="<column>-FieldSectionItemContainer"]` and its control carries
 * `data-id="<column>.fieldControl-<control>"`, the hooks Microsoft's EasyRepro and public page
 * objects select on; a field shown in the form header is prefixed `header_` (the owner, here). Text columns are
 * inputs, choices a select, lookups a tag with the chosen record's name.
 */
function field(column: string, control: string, prefix = ''): FieldVariant {
  return {
    field: `[data-id="${prefix}${column}-FieldSectionItemContainer"]`,
    value: `[data-id="${prefix}${column}.fieldControl-${control}"]`,
  };
}
const lookup = (column: string, prefix = '') =>
  field(column, `LookupResultsDropdown_${column}_selected_tag_text`, prefix);

export const dynamicsFieldSelectors: FieldSelectors = {
  // The form header's title: the record's primary name.
  name: ['h1[data-id="header_title"]'],
  // In the form's body, else in its header.
  owner: [lookup('ownerid'), lookup('ownerid', 'header_')],
  // The status reason column (on a lead: New, Contacted, Qualified…).
  leadStatus: [field('statuscode', 'option-set-select')],
  email: [field('emailaddress1', 'mail-text-input')],
  phone: [field('telephone1', 'phone-text-input'), field('mobilephone', 'phone-text-input')],
  company: [
    // Lead: the company name column.
    field('companyname', 'text-box-text'),
    // Contact: the account it belongs to.
    lookup('parentcustomerid'),
  ],
};
