import type { CrmAdapter, FieldName } from './crm-adapter.js';

export type FieldReading =
  | { field: FieldName; ok: true; value: string }
  | { field: FieldName; ok: false; code: 'unreadable'; message: string };

export type FieldReadings = Partial<Record<FieldName, FieldReading>>;

/** Minimal DOM surface the reader needs, so it runs on a real page and on a parsed fixture alike. */
export interface QueryRoot {
  querySelector(selectors: string): Element | null;
}

export function cantReadMessage(label: string): string {
  return `can't read ${label} on this page`;
}

function textOf(element: Element): string {
  const value = (element as Element & { value?: unknown }).value;
  const raw = typeof value === 'string' && value.trim() !== '' ? value : (element.textContent ?? '');
  return raw.replace(/\s+/g, ' ').trim();
}

/** The value of one field from the first selector variant that yields text. */
export function readField(root: QueryRoot, adapter: CrmAdapter, field: FieldName): FieldReading {
  for (const selector of adapter.fieldSelectors[field] ?? []) {
    let element: Element | null = null;
    try {
      element = root.querySelector(selector);
    } catch {
      // A selector the engine rejects is one variant that cannot match, not a broken overlay.
      continue;
    }
    if (element === null) continue;
    const value = textOf(element);
    if (value !== '' && value !== '--') return { field, ok: true, value };
  }
  return { field, ok: false, code: 'unreadable', message: cantReadMessage(adapter.fieldLabels[field]) };
}

/** Every field the adapter knows selectors for; a CRM without selectors reads nothing. */
export function readFields(root: QueryRoot, adapter: CrmAdapter): FieldReadings {
  const readings: FieldReadings = {};
  for (const field of Object.keys(adapter.fieldSelectors) as FieldName[]) {
    readings[field] = readField(root, adapter, field);
  }
  return readings;
}
