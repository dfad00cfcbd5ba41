import type { CrmAdapter, FieldName, FieldVariant, RecordScope } from './crm-adapter.js';

/** A field as the page shows it: `value` '' when the field is there and empty. */
export type FieldReading =
  | { field: FieldName; ok: true; value: string }
  | { field: FieldName; ok: false; code: 'unreadable'; message: string };

export type FieldReadings = Partial<Record<FieldName, FieldReading>>;

/** Minimal DOM surface the reader needs, so it runs on a real page and on a parsed fixture alike. */
export interface QueryRoot {
  querySelector(selectors: string): Element | null;
  querySelectorAll(selectors: string): ArrayLike<Element>;
}

export function cantReadMessage(label: string): string {
  return `can't read ${label} on this page`;
}

const formControls = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** What CRMs draw in a field with no value. */
const placeholder = /^[-\u2013\u2014]*$/;
/** Text in the markup that a person does not see as the value. */
const unseen = '.slds-assistive-text,.assistiveText,[aria-hidden="true"],[hidden],script,style,template';

function query(root: QueryRoot, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    // A selector the engine rejects is one variant that cannot match, not a broken overlay.
    return null;
  }
}

function queryAll(root: QueryRoot, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

function seenText(element: Element): string {
  if (query(element, unseen) === null) return element.textContent ?? '';
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === 3) text += node.textContent ?? '';
    else if (node.nodeType === 1 && !(node as Element).matches(unseen)) text += seenText(node as Element);
  }
  return text;
}

/**
 * The value as a person sees it: a list's chosen label, an input's value, else the visible text;
 * a time marked up for machines (`<time datetime>`) in its machine form, which says its zone.
 */
export function shownValue(element: Element): string {
  const tag = element.tagName.toUpperCase();
  if (tag === 'TIME' && element.hasAttribute('datetime'))
    return (element.getAttribute('datetime') ?? '').trim();
  let raw: string;
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    const chosen =
      typeof select.selectedIndex === 'number' && select.options !== undefined
        ? select.options[select.selectedIndex]
        : query(element, 'option[selected]');
    raw = chosen?.textContent ?? '';
  } else if (tag === 'INPUT' || tag === 'TEXTAREA') {
    const value = (element as HTMLInputElement).value;
    raw = typeof value === 'string' ? value : (element.getAttribute('value') ?? '');
  } else {
    raw = seenText(element);
  }
  const value = raw.replace(/\s+/g, ' ').trim();
  return placeholder.test(value) ? '' : value;
}

/** The part of the page showing the current record; null when several records are and none is marked. */
export function recordRoot(root: QueryRoot, scope: RecordScope | undefined): QueryRoot | null {
  if (scope === undefined) return root;
  for (const selector of scope.current) {
    const found = query(root, selector);
    if (found !== null) return found;
  }
  if (scope.all !== undefined && queryAll(root, scope.all).length > 1) return null;
  return root;
}

function fieldElement(root: QueryRoot, selector: string, scope: RecordScope | undefined): Element | null {
  if (scope?.other === undefined) return query(root, selector);
  const other = scope.other;
  return queryAll(root, selector).find((element) => element.closest(other) === null) ?? null;
}

function readVariant(
  root: QueryRoot,
  variant: FieldVariant,
  scope: RecordScope | undefined,
): { isPresent: boolean; value: string } {
  const { field, value } = typeof variant === 'string' ? { field: variant, value: null } : variant;
  const element = fieldElement(root, field, scope);
  if (element === null) return { isPresent: false, value: '' };
  const valueElement = value === null ? element : query(element, value);
  // A form control is the field itself; any other element matched alone proves nothing about the
  // field when it shows nothing.
  const isPresent = value !== null || formControls.has(element.tagName.toUpperCase());
  return { isPresent, value: valueElement === null ? '' : shownValue(valueElement) };
}

/**
 * One field from the first variant that shows a value. A field the page shows empty reads as '';
 * one no variant finds (or a page holding several records, none marked current) is unreadable.
 */
export function readField(root: QueryRoot, adapter: CrmAdapter, field: FieldName): FieldReading {
  return readInRecord(recordRoot(root, adapter.recordScope), adapter, field);
}

/** One field within the record's part of the page (found once for all fields by `readFields`). */
function readInRecord(scoped: QueryRoot | null, adapter: CrmAdapter, field: FieldName): FieldReading {
  let isPresent = false;
  for (const variant of scoped === null ? [] : (adapter.fieldSelectors[field] ?? [])) {
    const read = readVariant(scoped as QueryRoot, variant, adapter.recordScope);
    if (read.value !== '') return { field, ok: true, value: read.value };
    isPresent ||= read.isPresent;
  }
  if (isPresent) return { field, ok: true, value: '' };
  return { field, ok: false, code: 'unreadable', message: cantReadMessage(adapter.fieldLabels[field]) };
}

/** Every field the adapter knows selectors for; a CRM without selectors reads nothing. */
export function readFields(root: QueryRoot, adapter: CrmAdapter): FieldReadings {
  const scoped = recordRoot(root, adapter.recordScope);
  const readings: FieldReadings = {};
  for (const field of Object.keys(adapter.fieldSelectors) as FieldName[]) {
    readings[field] = readInRecord(scoped, adapter, field);
  }
  return readings;
}
