import type { FieldSelectors } from '../crm-adapter.js';

export const hubspotFieldSelectors: FieldSelectors = {
  name: [
    // Record page (2024 layout): highlight card at the top of the left sidebar.
    '[data-selenium-test="highlightTitle"]',
    // Classic contact page: name in the profile header.
    '[data-test-id="profile-header"] h1',
  ],
  owner: [
    // Record page: property rows in the "About this contact" card.
    '[data-selenium-test="property-input-hubspot_owner_id"] [data-test-id="property-value"]',
    // Classic contact page: key-value rows in the left sidebar.
    '[data-test-id="left-sidebar-property-hubspot_owner_id"] .private-dropdown__button-label',
  ],
  lifecycleStage: [
    // Record page: lifecycle stage row.
    '[data-selenium-test="property-input-lifecyclestage"] [data-test-id="property-value"]',
    // Classic contact page.
    '[data-test-id="left-sidebar-property-lifecyclestage"] .private-dropdown__button-label',
  ],
  leadStatus: [
    // Record page: lead status row.
    '[data-selenium-test="property-input-hs_lead_status"] [data-test-id="property-value"]',
    // Classic contact page.
    '[data-test-id="left-sidebar-property-hs_lead_status"] .private-dropdown__button-label',
  ],
  email: [
    // Record page: email row.
    '[data-selenium-test="property-input-email"] [data-test-id="property-value"]',
    // Classic contact page: email is a mailto link under the name.
    '[data-test-id="profile-header"] a[href^="mailto:"]',
  ],
  phone: [
    // Record page: phone row.
    '[data-selenium-test="property-input-phone"] [data-test-id="property-value"]',
    // Classic contact page: phone is a tel link under the name.
    '[data-test-id="profile-header"] a[href^="tel:"]',
  ],
};
