import { appendHandoff, appendHandoffEvent, readHandoffLog } from '@pactline/shared/doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, connectRaw, syncMessage, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';

/** A month of handoffs as a busy team logs them: lead, parties, rule, checklist and events. */
function monthOfHandoffs(count: number): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const recordId = `00Q${String(i).padStart(15, '0')}`;
      const id = `handoff-2026-11-${String(i).padStart(6, '0')}`;
      const startedAtMs = 1_792_999_000_000 + i * 60_000;
      const ae = `ae-${i % 25}`;
      expectOk(
        appendHandoff(doc, {
          id,
          agreementId: 'sla',
          rules: [
            { ruleId: 'response-hot', ruleVersion: 3 },
            { ruleId: 'response-warm', ruleVersion: 2 },
          ],
          lead: {
            crm: 'salesforce',
            objectType: 'Lead',
            recordId,
            url: `https://acme.lightning.force.com/lightning/r/Lead/${recordId}/view`,
            displayName: `Lead ${i} at Company ${i % 997}`,
          },
          fromPartyId: 'sdr',
          fromUserId: `sdr-${i % 40}`,
          toPartyId: 'ae',
          toUserId: ae,
          stage: 'SQL',
          checklist: [
            {
              itemId: 'budget',
              label: 'Budget confirmed',
              isRequired: true,
              isDone: true,
              isAutomatic: false,
            },
            {
              itemId: 'phone',
              label: 'Phone filled in',
              isRequired: true,
              isDone: i % 3 !== 0,
              isAutomatic: true,
            },
            {
              itemId: 'meeting',
              label: 'Meeting booked',
              isRequired: false,
              isDone: i % 2 === 0,
              isAutomatic: false,
            },
          ],
          startedAtMs,
        }),
      );
      expectOk(
        appendHandoffEvent(doc, {
          id: `${id}-a`,
          handoffId: id,
          type: 'accepted',
          byUserId: ae,
          atMs: startedAtMs + 1_000_000,
        }),
      );
      expectOk(
        appendHandoffEvent(doc, {
          id: `${id}-t`,
          handoffId: id,
          type: 'first_touch',
          channel: 'call',
          byUserId: ae,
          atMs: startedAtMs + 1_300_000,
        }),
      );
    }
  });
  return doc;
}

function expectOk(result: { ok: boolean; message?: string }): void {
  if (!result.ok) throw new Error(`the month could not be written: ${result.message}`);
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
      // Forty SDRs' and ten AEs' entries at once: history the relay's own writer uploads (a seed).
      await relay.mintToken({ ws: 'acme', sub: 'ana', role: 'relay' }),
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
      await waitFor(() => closeCode !== null || reader.doc.getMap('handoffs').size === 10_000, {
        what: 'the reader to receive the whole log',
        timeoutMs: 40_000,
      });
      expect(closeCode).toBeNull();
      const read = readHandoffLog(reader.doc);
      expect(read.handoffs).toHaveLength(10_000);
      expect(read.problems).toEqual([]);
      // Everything uploaded, and the relay's links of the month's hash chain beside it.
      const uploaded = Y.decodeStateVector(Y.encodeStateVector(log));
      const held = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
      for (const [client, clock] of uploaded) expect(held.get(client)).toBe(clock);
      // 10,000 handoffs and their 20,000 events.
      await waitFor(() => reader.doc.getMap('chain').size === 30_000, {
        what: 'the 30,000 entries linked',
        timeoutMs: 40_000,
      });
    } finally {
      reader.destroy();
      uploader.ws.close();
      log.destroy();
    }
  });
});
