import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';

const zohoHosts = ['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp'];
const hostSet = new Set(zohoHosts);

// The org segment is present on multi-org accounts and absent on single-org ones.
const recordPath = /^\/crm\/(?:org(\d+)\/)?tab\/([A-Za-z][A-Za-z0-9_]*)\/(\d+)(?:\/edit)?\/?$/;

export const zohoAdapter: CrmAdapter = {
  id: 'zoho',
  label: 'Zoho CRM',
  hostPatterns: zohoHosts.map((host) => `https://${host}/*`),
  fieldLabels: defaultFieldLabels,
  fieldSelectors: {},
  recognize(url: URL): RecordRef | null {
    if (url.protocol !== 'https:' || !hostSet.has(url.hostname)) return null;
    const record = recordPath.exec(url.pathname);
    if (!record) return null;
    return { crm: 'zoho', objectType: record[2]!, recordId: record[3]!, url: url.href };
  },
};
