import { type CrmAdapter, type FieldName, type RecordRef, recordKey } from '../crm/crm-adapter.js';
import { type FieldReadings, readFields } from '../crm/read-fields.js';
import { recognizeRecord } from '../crm/registry.js';
import type { OverlayHandle } from '../overlay/mount-overlay.js';
import {
  type Action,
  type FieldValues,
  MessageType,
  parseRecordResponse,
  type Request,
} from '../protocol/messages.js';
import type { RecordView } from '../protocol/record-view.js';

export interface RecordSessionDeps {
  doc: Document;
  adapters: () => readonly CrmAdapter[];
  send: (request: Request) => Promise<unknown>;
  mount: () => OverlayHandle;
  timeZone: () => string;
  log: (message: string, error?: unknown) => void;
}

/**
 * Fields are re-read once the page has been quiet this long: short enough that a handoff seen on
 * the page is stored within the 300 ms goal, long enough that a burst of mutations costs one read
 * (a read of a 1 MB HubSpot page takes about 5 ms in Chromium; `pnpm bench crm-pages`).
 */
const fieldReadDebounceMs = 100;
/** …but never later than this after the first change. */
const fieldReadMaxWaitMs = 400;

function fieldValues(readings: FieldReadings): FieldValues {
  const values: FieldValues = {};
  for (const [field, reading] of Object.entries(readings)) {
    values[field as FieldName] = reading.ok ? reading.value : null;
  }
  return values;
}

function sameValues(a: FieldValues, b: FieldValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The overlay for whatever record the tab shows. The URL decides the record; the page only
 * supplies fields. Every failure ends up as text in the overlay and one console line, never as an
 * exception in the host page.
 */
export class RecordSession {
  private overlay: OverlayHandle | null = null;
  private current: { adapter: CrmAdapter; record: RecordRef; fields: FieldValues } | null = null;
  private view: RecordView | null = null;
  private error: string | null = null;
  private observer: MutationObserver | null = null;
  private stopListening: (() => void) | null = null;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  private loggedErrors = new Set<string>();

  constructor(private readonly deps: RecordSessionDeps) {}

  /** Called on load and on every URL change. */
  async locationChanged(href: string): Promise<void> {
    const recognized = recognizeRecord(this.deps.adapters(), href);
    if (!recognized) {
      this.clear();
      return;
    }
    if (this.current && recordKey(this.current.record) === recordKey(recognized.record)) return;
    this.current = { ...recognized, fields: this.readFieldsNow(recognized.adapter) };
    this.view = null;
    this.error = null;
    this.render();
    this.watchFields();
    await this.refresh();
  }

  /** Ask the background for the current record's view again (after a change or a due state change). */
  async refresh(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.request({ type: MessageType.openRecord, record: current.record, fields: current.fields });
  }

  async act(action: Action): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.request({ type: MessageType.act, record: current.record, fields: current.fields, action });
  }

  clear(): void {
    this.current = null;
    this.view = null;
    this.stopWatchingFields();
    this.overlay?.destroy();
    this.overlay = null;
  }

  private async request(request: Request): Promise<void> {
    const seq = ++this.requestSeq;
    const key = this.current?.record.url;
    let raw: unknown;
    try {
      raw = await this.deps.send(request);
    } catch (error) {
      raw = {
        ok: false,
        code: 'internal',
        message: 'The Pactline extension is restarting; try again in a moment.',
      };
      this.logOnce('send', error);
    }
    // A slower answer for a record the tab has already left must not overwrite the new one.
    if (seq !== this.requestSeq && request.type === MessageType.openRecord) return;
    if (this.current?.record.url !== key) return;
    const response = parseRecordResponse(raw);
    if (response.ok) {
      this.view = response.view;
      this.error = null;
    } else {
      this.error = response.message;
      this.logOnce(response.code, response.message);
    }
    this.render();
  }

  private render(): void {
    try {
      this.overlay ??= this.deps.mount();
      this.overlay.show({ view: this.view, error: this.error, timeZone: this.deps.timeZone() });
    } catch (error) {
      this.logOnce('render', error);
    }
  }

  private readFieldsNow(adapter: CrmAdapter): FieldValues {
    try {
      return fieldValues(readFields(this.deps.doc, adapter));
    } catch (error) {
      this.logOnce('fields', error);
      return {};
    }
  }

  /**
   * Fields change while the page is open: CRMs render them late after a navigation, and a rep edits
   * the owner or the stage in place (a handoff may start from that). Mutations are followed the
   * whole time the record is on screen, re-read once the page has been quiet for a moment; edits to
   * form controls, which change no markup, are caught by their input and change events.
   */
  private watchFields(): void {
    if (this.observer || typeof MutationObserver === 'undefined') return;
    // A page that never stops changing (a ticking timer of its own) still gets read every so often.
    let pendingSinceMs: number | null = null;
    const schedule = () => {
      clearTimeout(this.debounce);
      pendingSinceMs ??= Date.now();
      const waitMs = Math.max(
        0,
        Math.min(fieldReadDebounceMs, pendingSinceMs + fieldReadMaxWaitMs - Date.now()),
      );
      this.debounce = setTimeout(() => {
        pendingSinceMs = null;
        this.rereadFields();
      }, waitMs);
    };
    this.observer = new MutationObserver(schedule);
    this.observer.observe(this.deps.doc.body ?? this.deps.doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    this.deps.doc.addEventListener('input', schedule, true);
    this.deps.doc.addEventListener('change', schedule, true);
    this.stopListening = () => {
      this.deps.doc.removeEventListener('input', schedule, true);
      this.deps.doc.removeEventListener('change', schedule, true);
    };
  }

  private rereadFields(): void {
    const current = this.current;
    if (!current) return;
    const fields = this.readFieldsNow(current.adapter);
    if (sameValues(fields, current.fields)) return;
    current.fields = fields;
    void this.refresh();
  }

  private stopWatchingFields(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.stopListening?.();
    this.stopListening = null;
    clearTimeout(this.debounce);
  }

  private logOnce(key: string, detail: unknown): void {
    if (this.loggedErrors.has(key)) return;
    this.loggedErrors.add(key);
    this.deps.log(`Pactline: ${key}`, detail);
  }
}
