import type { CrmAdapter, RecordRef } from './crm-adapter.js';
import { dynamicsAdapter } from './dynamics/adapter.js';
import { createGenericAdapter } from './generic/adapter.js';
import { demoCrmAdapter } from './generic/demo-crm.js';
import type { GenericPattern } from './generic/generic-pattern.js';
import { hubspotAdapter } from './hubspot/adapter.js';
import { pipedriveAdapter } from './pipedrive/adapter.js';
import { createSalesforceAdapter } from './salesforce/adapter.js';
import { zohoAdapter } from './zoho/adapter.js';

export interface RegistrySettings {
  genericPatterns: readonly GenericPattern[];
  /** Hosts of Salesforce orgs on their own domain, granted as optional permissions. */
  salesforceHosts: readonly string[];
}

export const builtInAdapters: readonly CrmAdapter[] = [
  hubspotAdapter,
  createSalesforceAdapter(),
  pipedriveAdapter,
  zohoAdapter,
  dynamicsAdapter,
];

/** Built-in adapters first: a user pattern never shadows a CRM we know how to read. */
export function createRegistry(settings: RegistrySettings): readonly CrmAdapter[] {
  const salesforce = createSalesforceAdapter(new Set(settings.salesforceHosts));
  return [
    ...builtInAdapters.map((adapter) => (adapter.id === 'salesforce' ? salesforce : adapter)),
    demoCrmAdapter,
    ...settings.genericPatterns.map((pattern) => createGenericAdapter(pattern)),
  ];
}

export interface Recognized {
  adapter: CrmAdapter;
  record: RecordRef;
}

export function recognizeRecord(adapters: readonly CrmAdapter[], href: string): Recognized | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  for (const adapter of adapters) {
    const record = adapter.recognize(url);
    if (record) return { adapter, record };
  }
  return null;
}
