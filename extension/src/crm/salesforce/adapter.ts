import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';
import { salesforceFieldSelectors, salesforceRecordScope } from './selectors.js';

/** Key prefixes of the standard objects reps hand off, for `/lightning/r/{id}/view` URLs that omit the type. */
const keyPrefixTypes: Record<string, string> = {
  '00Q': 'Lead',
  '003': 'Contact',
  '001': 'Account',
  '006': 'Opportunity',
};

const idPattern = '[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?';
const typedPath = new RegExp(
  `^/lightning/r/([A-Za-z][A-Za-z0-9_]*)/(${idPattern})/(?:view|edit|related/[^/]+/view)/?$`,
);
const untypedPath = new RegExp(`^/lightning/r/(${idPattern})/(?:view|edit)/?$`);

function isSalesforceHost(hostname: string, customHosts: ReadonlySet<string>): boolean {
  return hostname.endsWith('.lightning.force.com') || customHosts.has(hostname);
}

/** Salesforce ids are 15 characters case-sensitive or 18 with a checksum; the first 15 identify the record. */
function canonicalId(id: string): string {
  return id.slice(0, 15);
}

export function createSalesforceAdapter(customHosts: ReadonlySet<string> = new Set()): CrmAdapter {
  return {
    id: 'salesforce',
    label: 'Salesforce',
    hostPatterns: ['https://*.lightning.force.com/*'],
    fieldLabels: { ...defaultFieldLabels, owner: 'record owner', company: 'company or account' },
    fieldSelectors: salesforceFieldSelectors,
    recordScope: salesforceRecordScope,
    recognize(url: URL): RecordRef | null {
      if (url.protocol !== 'https:' || !isSalesforceHost(url.hostname, customHosts)) return null;
      const typed = typedPath.exec(url.pathname);
      if (typed) {
        return { crm: 'salesforce', objectType: typed[1]!, recordId: canonicalId(typed[2]!), url: url.href };
      }
      const untyped = untypedPath.exec(url.pathname);
      if (untyped) {
        const id = untyped[1]!;
        const objectType = keyPrefixTypes[id.slice(0, 3)] ?? 'record';
        return { crm: 'salesforce', objectType, recordId: canonicalId(id), url: url.href };
      }
      return null;
    },
  };
}

export const salesforceAdapter = createSalesforceAdapter();
