import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';
import { hubspotFieldSelectors, hubspotRecordScope } from './selectors.js';

/** app.hubspot.com (North America 1) and each data centre's `app-<region><n>` host: eu1, na2, ap1… */
const appHost = /^app(?:-[a-z]{2}\d{1,2})?\.hubspot\.com$/;

/** HubSpot's object type ids for the standard objects; custom objects keep their `2-…` id. */
const objectTypeNames: Record<string, string> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-5': 'ticket',
  '0-136': 'lead',
};

const recordPath = /^\/contacts\/(\d+)\/record\/(\d+-\d+)\/(\d+)(?:\/|$)/;
const legacyContactPath = /^\/contacts\/(\d+)\/contact\/(\d+)(?:\/|$)/;

export const hubspotAdapter: CrmAdapter = {
  id: 'hubspot',
  label: 'HubSpot',
  // Every data centre's app host; only record URLs on `app…` hosts are taken (see `recognize`).
  hostPatterns: ['https://*.hubspot.com/*'],
  fieldLabels: { ...defaultFieldLabels, owner: 'record owner' },
  fieldSelectors: hubspotFieldSelectors,
  recordScope: hubspotRecordScope,
  recognize(url: URL): RecordRef | null {
    if (url.protocol !== 'https:' || !appHost.test(url.hostname)) return null;
    const record = recordPath.exec(url.pathname);
    if (record) {
      const typeId = record[2]!;
      return {
        crm: 'hubspot',
        objectType: objectTypeNames[typeId] ?? typeId,
        recordId: record[3]!,
        url: url.href,
      };
    }
    const legacy = legacyContactPath.exec(url.pathname);
    if (legacy) return { crm: 'hubspot', objectType: 'contact', recordId: legacy[2]!, url: url.href };
    return null;
  },
};
