import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';
import { dynamicsFieldSelectors } from './selectors.js';

// `{org}.crm.dynamics.com`, `{org}.crm4.dynamics.com`, … one host per region; the sovereign clouds
// (China: `crm.dynamics.cn`; US government: `crm.microsoftdynamics.us`, `crm.appsplatform.us`).
const hostPattern =
  /^[a-z0-9-]+\.crm\d*\.(?:dynamics\.com|dynamics\.cn|microsoftdynamics\.us|appsplatform\.us)$/i;
const guidPattern = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export const dynamicsAdapter: CrmAdapter = {
  id: 'dynamics',
  label: 'Dynamics 365',
  hostPatterns: [
    'https://*.dynamics.com/*',
    'https://*.dynamics.cn/*',
    'https://*.microsoftdynamics.us/*',
    'https://*.appsplatform.us/*',
  ],
  fieldLabels: { ...defaultFieldLabels, leadStatus: 'status reason', company: 'company or account' },
  fieldSelectors: dynamicsFieldSelectors,
  recognize(url: URL): RecordRef | null {
    if (url.protocol !== 'https:' || !hostPattern.test(url.hostname)) return null;
    if (url.pathname.toLowerCase() !== '/main.aspx') return null;
    const params = url.searchParams;
    if (params.get('pagetype')?.toLowerCase() !== 'entityrecord') return null;
    const entity = params.get('etn');
    const guid = guidPattern.exec(params.get('id') ?? '');
    if (!entity || !guid) return null;
    return {
      crm: 'dynamics',
      objectType: entity.toLowerCase(),
      recordId: guid[1]!.toLowerCase(),
      url: url.href,
    };
  },
};
