import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, connectRaw, syncMessage, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

/** A month of handoffs as a busy team logs them: lead, parties, rule, checklist and events. */
function monthOfHandoffs(count: number): Y.Doc {
  const doc = new Y.Doc();
  const entries = doc.getArray('entries');
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const recordId = `00Q${String(i).padStart(15, '0')}`;
      entries.push([
        {
          id: `handoff-2026-11-${String(i).padStart(6, '0')}`,
          lead: {
            crm: 'salesforce',
            objectType: 'Lead',
            recordId,
            url: `https://acme.lightning.force.com/lightning/r/Lead/${recordId}/view`,
            displayName: `Lead ${i} at Company ${i % 997}`,
          },
          from: { party: 'sdr', rep: `sdr-${i % 40}` },
          to: { party: 'ae', rep: `ae-${i % 25}` },
          ruleIds: ['response-hot', 'response-warm'],
          checklist: { budgetConfirmed: true, phoneFilled: i % 3 !== 0, meetingBooked: i % 2 === 0 },
          events: [
            { type: 'accepted', by: `ae-${i % 25}`, atMs: 1_793_000_000_000 + i * 60_000 },
            { type: 'first-touch', by: `ae-${i % 25}`, atMs: 1_793_000_300_000 + i * 60_000 },
          ],
          atMs: 1_792_999_000_000 + i * 60_000,
        },
      ]);
    }
  });
  return doc;
}

describe('a large first upload with the default limits', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    relay = await startRelay();
  });
  afterAll(async () => {
    await relay.kill('SIGTERM');
  });

  it("accepts a month's 10,000-handoff log sent as one update and serves it to a fresh client", async () => {
    const log = monthOfHandoffs(10_000);
    const update = Y.encodeStateAsUpdate(log);
    // Larger than the relay's former 4 MiB limit: this is the case the default must cover.
    expect(update.length).toBeGreaterThan(4 * 1024 * 1024);
    const room = 'acme/handoffs/2026-11';
    const uploader = connectRaw(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'editor' }),
    );
    await uploader.opened;
    let closeCode: number | null = null;
    void uploader.closed.then(({ code }) => {
      closeCode = code;
    });
    uploader.send(syncMessage(1, update));

    const reader = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: 'ben', role: 'viewer' }),
    );
    try {
      await waitFor(() => closeCode !== null || reader.doc.getArray('entries').length === 10_000, {
        what: 'the reader to receive the whole log',
        timeoutMs: 40_000,
      });
      expect(closeCode).toBeNull();
      expect(reader.doc.getArray('entries').length).toBe(10_000);
      expect(Y.encodeStateVector(reader.doc)).toEqual(Y.encodeStateVector(log));
    } finally {
      reader.destroy();
      uploader.ws.close();
      log.destroy();
    }
  });
});
