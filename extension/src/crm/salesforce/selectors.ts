import type { FieldSelectors } from '../crm-adapter.js';

export const salesforceFieldSelectors: FieldSelectors = {
  name: [
    // Lightning record page: highlights panel title.
    'records-highlights2 h1 lightning-formatted-name',
    // Dynamic Forms page: the primary field slot of the record header.
    'records-lwc-highlights-panel slot[name="primaryField"] lightning-formatted-name',
  ],
  owner: [
    // Standard page layout: the owner lookup in the detail section.
    '[data-target-selection-name="sfdc:RecordField.Lead.OwnerId"] force-lookup a',
    // Dynamic Forms: field components keyed by API name.
    'record_flexipage-record-field[data-field-id="RecordOwnerIdField"] force-lookup a',
  ],
  leadStatus: [
    // Standard page layout: Lead Status.
    '[data-target-selection-name="sfdc:RecordField.Lead.Status"] lightning-formatted-text',
    // Dynamic Forms: Lead Status.
    'record_flexipage-record-field[data-field-id="RecordStatusField"] lightning-formatted-text',
    // Either layout: the current step of the path component above the tabs.
    'records-path .slds-path__item.slds-is-current .slds-path__title',
  ],
  company: [
    // Standard page layout.
    '[data-target-selection-name="sfdc:RecordField.Lead.Company"] lightning-formatted-text',
    // Dynamic Forms.
    'record_flexipage-record-field[data-field-id="RecordCompanyField"] lightning-formatted-text',
  ],
  email: [
    // Standard page layout.
    '[data-target-selection-name="sfdc:RecordField.Lead.Email"] lightning-formatted-email a',
    // Dynamic Forms.
    'record_flexipage-record-field[data-field-id="RecordEmailField"] lightning-formatted-email a',
  ],
  phone: [
    // Standard page layout.
    '[data-target-selection-name="sfdc:RecordField.Lead.Phone"] lightning-formatted-phone a',
    // Dynamic Forms.
    'record_flexipage-record-field[data-field-id="RecordPhoneField"] lightning-formatted-phone a',
  ],
};
