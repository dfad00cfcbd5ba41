import {
  type CrmAdapter,
  defaultFieldLabels,
  type FieldName,
  type FieldSelectors,
  type RecordRef,
} from '../crm-adapter.js';
import { type GenericPattern, hostPermissionFor } from './generic-pattern.js';

/**
 * A CRM we know nothing about can still mark its fields up explicitly; only explicit markup is
 * read, never guesses such as the first mailto: link, which could tick a checklist item falsely.
 */
const conventionalFieldSelectors: FieldSelectors = {
  // A page built for Pactline or by the CRM's own theme: data-field="<name>".
  name: ['[data-field="name"]', '[itemprop="name"]'],
  email: ['[data-field="email"]', '[itemprop="email"]'],
  phone: ['[data-field="phone"]', '[itemprop="telephone"]'],
  owner: ['[data-field="owner"]'],
  lifecycleStage: ['[data-field="lifecycleStage"]'],
  leadStatus: ['[data-field="leadStatus"]'],
  company: ['[data-field="company"]', '[itemprop="worksFor"]'],
  // The CRM's own time of the last owner or stage change: <time data-field="…" datetime="ISO">.
  ownerChangedAt: ['time[data-field="ownerChangedAt"]'],
  stageChangedAt: ['time[data-field="stageChangedAt"]'],
};

/** The user's own selector for a field (from the options) comes before the conventional markup. */
function selectorsFor(pattern: GenericPattern): FieldSelectors {
  const selectors: FieldSelectors = { ...conventionalFieldSelectors };
  for (const [field, selector] of Object.entries(pattern.fieldSelectors ?? {})) {
    const name = field as FieldName;
    selectors[name] = [selector, ...(conventionalFieldSelectors[name] ?? [])];
  }
  return selectors;
}

/**
 * One adapter per configured pattern, so the registry treats them like the built-in CRMs. A pattern
 * only ever matches on its own origin unless `isOwnOrigin` says otherwise (the demo CRM, any port).
 */
export function createGenericAdapter(
  pattern: GenericPattern,
  isOwnOrigin: (url: URL) => boolean = (url) => url.origin === pattern.origin,
): CrmAdapter {
  const expression = new RegExp(pattern.urlPattern);
  return {
    id: 'generic',
    label: pattern.label,
    hostPatterns: [hostPermissionFor(pattern)],
    fieldLabels: defaultFieldLabels,
    fieldSelectors: selectorsFor(pattern),
    recognize(url: URL): RecordRef | null {
      if (!isOwnOrigin(url)) return null;
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
