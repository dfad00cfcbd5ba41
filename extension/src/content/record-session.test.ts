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
  return { session, shown, logs, counts: () => ({ mounted, destroyed }) };
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
});
