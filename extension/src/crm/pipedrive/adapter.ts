import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';

const numericRecordPath = /^\/(person|deal|organization)\/(\d+)\/?$/;
const leadPath = /^\/leads\/inbox\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

export const pipedriveAdapter: CrmAdapter = {
  id: 'pipedrive',
  label: 'Pipedrive',
  hostPatterns: ['https://*.pipedrive.com/*'],
  fieldLabels: defaultFieldLabels,
  fieldSelectors: {},
  recognize(url: URL): RecordRef | null {
    if (url.protocol !== 'https:' || !url.hostname.endsWith('.pipedrive.com')) return null;
    const numeric = numericRecordPath.exec(url.pathname);
    if (numeric) return { crm: 'pipedrive', objectType: numeric[1]!, recordId: numeric[2]!, url: url.href };
    const lead = leadPath.exec(url.pathname);
    if (lead)
      return { crm: 'pipedrive', objectType: 'lead', recordId: lead[1]!.toLowerCase(), url: url.href };
    return null;
  },
};
