import type { CrmAdapter } from '../crm-adapter.js';
import { createGenericAdapter } from './adapter.js';
import type { GenericPattern } from './generic-pattern.js';

/**
 * The demo CRM that `pnpm start` serves on localhost, so the extension can be tried without a CRM
 * account. It is the generic adapter with a preset pattern: the same code paths a user-configured
 * CRM takes, on any local port.
 */
const demoCrmPattern: GenericPattern = {
  id: 'pactline-demo',
  label: 'Pactline demo CRM',
  origin: 'http://localhost',
  urlPattern:
    '^http://(?:localhost|127\\.0\\.0\\.1)(?::\\d+)?/(?<objectType>leads)/(?<recordId>[LH]-\\d+)(?:[?#]|$)',
  objectType: 'leads',
  fieldSelectors: {},
};

const isLocalHttp = (url: URL) =>
  url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');

export const demoCrmAdapter: CrmAdapter = {
  ...createGenericAdapter(demoCrmPattern, isLocalHttp),
  hostPatterns: ['http://localhost/*', 'http://127.0.0.1/*'],
};
