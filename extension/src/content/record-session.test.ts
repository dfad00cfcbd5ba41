import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { builtInAdapters } from '../crm/registry.js';
import type { OverlayHandle } from '../overlay/mount-overlay.js';
import { MessageType, type Request } from '../protocol/messages.js';
import type { RecordView } from '../protocol/record-view.js';
import { RecordSession } from './record-session.js';

const leadA = 'https://app.hubspot.com/contacts/1/record/0-1/101';
const leadB = 'https://app.hubspot.com/contacts/1/record/0-1/102';

function viewFor(request: Request): RecordView {
  if (request.type === MessageType.listClocks) throw new Error('unexpected');
  return {
    record: request.record,
    clocks: [],
    checklist: { stage: 'SQL', items: [] },
    history: [],
    handOffTargets: [],
    pauseReasons: [],
    rejectReasons: [],
    activityPace: [],
    isReadOnly: false,
    sync: { state: 'connected', hasUnsentChanges: false },
  };
}

/** A session over a parsed page, recording what the overlay was asked to show. */
function harness(send: (request: Request) => Promise<unknown>) {
  const { document } = parseHTML(
    '<html><body><input data-selenium-test="property-input-phone" value="+1 555 0100"></body></html>',
  );
  const shown: Array<{ view: RecordView | null; error: string | null }> = [];
  const logs: string[] = [];
  let mounted = 0;
  let destroyed = 0;
  const session = new RecordSession({
    doc: document as unknown as Document,
    adapters: () => builtInAdapters,
    send,
    timeZone: () => 'UTC',
    log: (message) => logs.push(message),
    mount: (): OverlayHandle => {
      mounted++;
      return { show: (state) => shown.push(state), destroy: () => destroyed++ };
    },
  });
  return { session, shown, logs, document, counts: () => ({ mounted, destroyed }) };
}

describe('RecordSession', () => {
  it('sends the record and the fields read from the page, and shows the answer', async () => {
    const sent: Request[] = [];
    const { session, shown } = harness(async (request) => {
      sent.push(request);
      return { ok: true, view: viewFor(request) };
    });
    await session.locationChanged(leadA);
    expect(sent).toEqual([
      {
        type: MessageType.openRecord,
        record: { crm: 'hubspot', objectType: 'contact', recordId: '101', url: leadA },
        fields: {
          name: null,
          owner: null,
          lifecycleStage: null,
          leadStatus: null,
          email: null,
          phone: '+1 555 0100',
          company: null,
        },
      },
    ]);
    expect(shown.at(-1)?.view?.record.recordId).toBe('101');
  });

  it('drops a slow answer for a record the tab has already left', async () => {
    const pending: Array<() => void> = [];
    const { session, shown } = harness(
      (request) =>
        new Promise((resolve) => pending.push(() => resolve({ ok: true, view: viewFor(request) }))),
    );
    const first = session.locationChanged(leadA);
    const second = session.locationChanged(leadB);
    pending[1]?.();
    await second;
    pending[0]?.();
    await first;
    expect(shown.at(-1)?.view?.record.recordId).toBe('102');
  });

  it('shows the failure in the overlay and logs it once when the background cannot be reached', async () => {
    const { session, shown, logs } = harness(async () => {
      throw new Error('Extension context invalidated');
    });
    await session.locationChanged(leadA);
    await session.refresh();
    expect(shown.at(-1)).toMatchObject({
      view: null,
      error: 'The Pactline extension is restarting; try again in a moment.',
    });
    expect(logs.filter((line) => line.includes('send'))).toHaveLength(1);
  });

  it('shows a malformed answer as an error instead of rendering it', async () => {
    const { session, shown } = harness(async () => ({ ok: true, view: { record: 'nonsense' } }));
    await session.locationChanged(leadA);
    expect(shown.at(-1)?.view).toBeNull();
    expect(shown.at(-1)?.error).toContain('view');
  });

  it('removes the overlay on a page that is not a record', async () => {
    const { session, counts } = harness(async (request) => ({ ok: true, view: viewFor(request) }));
    await session.locationChanged(leadA);
    await session.locationChanged('https://app.hubspot.com/contacts/1/objects/0-1/views/all/list');
    expect(counts()).toEqual({ mounted: 1, destroyed: 1 });
  });

  it('re-reads a field a rep edits in place, even on a page that never stops changing', async () => {
    const { MutationObserver: pageObserver } = parseHTML('<html></html>') as unknown as {
      MutationObserver: typeof MutationObserver;
    };
    const previous = globalThis.MutationObserver;
    globalThis.MutationObserver = pageObserver;
    const sent: Request[] = [];
    const { session, document } = harness(async (request) => {
      sent.push(request);
      return { ok: true, view: viewFor(request) };
    });
    const PageEvent = (document.defaultView as unknown as { Event: typeof Event }).Event;
    const phoneSent = () => {
      const last = sent.at(-1);
      return last?.type === MessageType.openRecord ? last.fields.phone : undefined;
    };
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 3_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    let ticker: ReturnType<typeof setInterval> | undefined;
    try {
      await session.locationChanged(leadA);
      const phone = document.querySelector('input') as unknown as HTMLInputElement;
      // A form control edited: no markup changes, only its change event.
      phone.value = '+1 555 0199';
      phone.dispatchEvent(new PageEvent('change', { bubbles: true }) as unknown as Event);
      await until(() => phoneSent() === '+1 555 0199');
      // Something on the page changes every 20 ms (a search box being typed in): the edit is still
      // read, within the max wait, though the page is never quiet for the debounce's length.
      const search = document.createElement('input');
      document.body.append(search);
      ticker = setInterval(() => {
        search.dispatchEvent(new PageEvent('input', { bubbles: true }) as unknown as Event);
      }, 20);
      phone.value = '+1 555 0200';
      phone.dispatchEvent(new PageEvent('input', { bubbles: true }) as unknown as Event);
      await until(() => phoneSent() === '+1 555 0200');
    } finally {
      clearInterval(ticker);
      session.clear();
      globalThis.MutationObserver = previous;
    }
  });
});
