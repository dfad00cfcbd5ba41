import { type CrmAdapter, defaultFieldLabels, type RecordRef } from '../crm-adapter.js';
import { type GenericPattern, hostPermissionFor } from './generic-pattern.js';

/** One adapter per configured pattern, so the registry treats them like the built-in CRMs. */
export function createGenericAdapter(pattern: GenericPattern): CrmAdapter {
  const expression = new RegExp(pattern.urlPattern);
  return {
    id: 'generic',
    label: pattern.label,
    hostPatterns: [hostPermissionFor(pattern)],
    fieldLabels: defaultFieldLabels,
    fieldSelectors: Object.fromEntries(
      Object.entries(pattern.fieldSelectors).map(([field, selector]) => [field, [selector]]),
    ),
    recognize(url: URL): RecordRef | null {
      if (url.origin !== pattern.origin) return null;
      const match = expression.exec(url.href);
      const recordId = match?.groups?.recordId;
      if (!recordId) return null;
      return {
        crm: 'generic',
        objectType: match.groups?.objectType || pattern.objectType,
        recordId,
        url: url.href,
      };
    },
  };
}
