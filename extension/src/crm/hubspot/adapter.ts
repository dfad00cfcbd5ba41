import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';
import { hubspotFieldSelectors } from './selectors.js';

const hosts = new Set(['app.hubspot.com', 'app-eu1.hubspot.com']);

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
  hostPatterns: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
  fieldLabels: { ...defaultFieldLabels, owner: 'contact owner' },
  fieldSelectors: hubspotFieldSelectors,
  recognize(url: URL): RecordRef | null {
    if (url.protocol !== 'https:' || !hosts.has(url.hostname)) return null;
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
