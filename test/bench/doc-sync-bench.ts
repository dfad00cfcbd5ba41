/**
 * Benchmark of the document model and the client connector (not a test): prints figures, decides
 * nothing. Run from the root with `pnpm bench doc-sync` (sources through the @pactline/source
 * condition). The connector part runs against the Pactline relay process when it is built
 * (`pnpm --filter @pactline/shared build && pnpm --filter @pactline/sync-server build`) and against
 * the reference @y/websocket-server in this process either way.
 *
 * 1. Handoff log document: appending 10,000 handoffs and 20,000 events, its encoded size, a full
 *    validated read, a read after one new event in full and through the incremental reader (what
 *    the extension's worker pays per update), the cost of an incremental observer per append.
 * 2. Agreement document: a full validated read; merging two replicas that each made 500 rule edits
 *    offline.
 * 3. Connector: cold sync of the 10,000-handoff log, warm reconnect from the IndexedDB copy
 *    (fake-indexeddb, so the load time is not Chromium's) with the bytes sent and received, and the
 *    time from a local edit to the relay confirming it.
 */
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import type { Handoff, HandoffEvent } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffLogReader,
  initAgreement,
  observeHandoffLog,
  readAgreement,
  readHandoffLog,
  upsertRule,
} from '@pactline/shared/doc';
import { type OpenDocumentOptions, type OpenedDocument, openDocument } from '@pactline/shared/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { relayMainPath } from '../support/relay-process.js';
import { startPactlineRelay } from '../sync-client/pactline-relay.js';
import { startReferenceRelay, type TestRelay } from '../sync-client/reference-relay.js';
import { countingWebSocket, waitForState } from '../sync-client/sync-client-support.js';

const startedAtMs = Date.UTC(2026, 10, 2, 9);

function handoff(index: number): Handoff {
  return {
    id: `h${index}`,
    agreementId: 'acme-sla',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: String(100_000 + index),
      url: `https://app.hubspot.com/contacts/4242/record/0-1/${100_000 + index}`,
      displayName: `Lead ${index}`,
    },
    fromPartyId: 'marketing',
    fromUserId: 'mia',
    toPartyId: 'sdr',
    priority: index % 3 === 0 ? 'hot' : 'warm',
    checklist: [
      {
        itemId: 'phone',
        label: 'Phone number is filled in',
        isRequired: true,
        isDone: true,
        isAutomatic: true,
      },
    ],
    startedAtMs: startedAtMs + index * 60_000,
  };
}

function events(index: number): HandoffEvent[] {
  const base = startedAtMs + index * 60_000;
  return [
    { id: `e${index}-a`, handoffId: `h${index}`, atMs: base + 120_000, byUserId: 'sam', type: 'accepted' },
    { id: `e${index}-t`, handoffId: `h${index}`, atMs: base + 600_000, byUserId: 'sam', type: 'first_touch' },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const format = (value: number, digits = 1) => value.toFixed(digits);

function buildLog(count: number): Y.Doc {
  const doc = new Y.Doc();
  for (let index = 0; index < count; index++) {
    appendHandoff(doc, handoff(index));
    for (const event of events(index)) appendHandoffEvent(doc, event);
  }
  return doc;
}

function benchDocumentModel(): void {
  console.log('\n-- handoff log document');
  const built = timed(() => buildLog(10_000));
  const log = built.value;
  console.log(
    `append 10,000 handoffs + 20,000 events: ${format(built.ms, 0)} ms (${format(30_000 / (built.ms / 1_000), 0)} appends/s)`,
  );
  console.log(`encoded state: ${format(Y.encodeStateAsUpdate(log).byteLength / 1_024, 0)} KiB`);
  const reads = Array.from({ length: 5 }, () => timed(() => readHandoffLog(log)).ms);
  console.log(`readHandoffLog (10,000 handoffs, validated): median ${format(median(reads), 0)} ms of 5`);
  // What the extension's worker pays per update: a full read (before) against the incremental
  // reader, which validates only the entries the update touched.
  const reader = handoffLogReader(log);
  reader.read();
  const afterEvent = (tag: string, read: () => unknown) =>
    Array.from({ length: 20 }, (_, index) => {
      appendHandoffEvent(log, {
        id: `x${index}-${tag}`,
        handoffId: `h${index}`,
        atMs: startedAtMs + index,
        byUserId: 'sam',
        type: 'accepted',
      });
      return timed(read).ms;
    });
  const fullPerUpdate = median(afterEvent('full', () => readHandoffLog(log)));
  const incrementalPerUpdate = median(afterEvent('incremental', reader.read));
  console.log(
    `read after one new event: readHandoffLog ${format(fullPerUpdate, 1)} ms, handoffLogReader ${format(incrementalPerUpdate, 1)} ms (${format(fullPerUpdate / incrementalPerUpdate, 1)}× less, median of 20)`,
  );
  reader.destroy();
  // The hostile case: a month flooded with 100,000 junk entries (none valid).
  const flooded = new Y.Doc();
  flooded.transact(() => {
    for (let index = 0; index < 100_000; index++)
      flooded.getMap('events').set(`junk-${index}`, { junk: index });
  });
  const floodedReader = handoffLogReader(flooded);
  const firstRead = timed(() => floodedReader.read()).ms;
  const afterJunk = (tag: string, read: () => unknown) =>
    Array.from({ length: 5 }, (_, index) => {
      flooded.getMap('events').set(`more-${tag}-${index}`, { junk: true });
      return timed(read).ms;
    });
  const floodedFull = median(afterJunk('full', () => readHandoffLog(flooded)));
  const floodedIncremental = median(afterJunk('incremental', floodedReader.read));
  console.log(
    `100,000 junk entries, read after one more: readHandoffLog ${format(floodedFull, 0)} ms, handoffLogReader ${format(floodedIncremental, 0)} ms (${format(floodedFull / floodedIncremental, 1)}× less; its first read ${format(firstRead, 0)} ms)`,
  );
  floodedReader.destroy();
  let observed = 0;
  const unobserve = observeHandoffLog(log, (change) => {
    observed += change.handoffs.length + change.events.length;
  });
  const withObserver = timed(() => {
    for (let index = 10_000; index < 11_000; index++) appendHandoff(log, handoff(index));
  });
  unobserve();
  const withoutObserver = timed(() => {
    for (let index = 11_000; index < 12_000; index++) appendHandoff(log, handoff(index));
  });
  console.log(
    `append with an incremental observer: ${format((withObserver.ms / 1_000) * 1_000, 0)} µs each (without: ${format(withoutObserver.ms, 0)} µs each; ${observed} entries observed)`,
  );

  console.log('\n-- agreement document');
  const agreement = new Y.Doc();
  initAgreement(agreement, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: startedAtMs });
  readAgreement(agreement);
  const agreementReads = Array.from({ length: 200 }, () => timed(() => readAgreement(agreement)).ms);
  console.log(
    `readAgreement (template, validated): median ${format(median(agreementReads) * 1_000, 0)} µs of 200`,
  );
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, Y.encodeStateAsUpdate(agreement));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(agreement));
  const ruleOf = (doc: Y.Doc, id: string) =>
    readAgreement(doc).agreement?.terms.rules.find((rule) => rule.id === id);
  const edits = timed(() => {
    for (let index = 0; index < 500; index++) {
      const onA = ruleOf(a, 'mql-response');
      const onB = ruleOf(b, 'sdr-calls');
      if (onA !== undefined) upsertRule(a, { ...onA, name: `MQL response ${index}` });
      if (onB !== undefined) upsertRule(b, { ...onB, name: `SDR calls ${index}` });
    }
  });
  const merge = timed(() => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  });
  const isConverged = JSON.stringify(readAgreement(a)) === JSON.stringify(readAgreement(b));
  console.log(
    `500 offline rule edits on each of two replicas (read + upsert): ${format(edits.ms, 0)} ms; merge: ${format(merge.ms, 1)} ms; converged: ${isConverged}; state ${format(Y.encodeStateAsUpdate(a).byteLength / 1_024, 0)} KiB`,
  );
}

async function benchConnector(name: string, relay: TestRelay, logSize: number): Promise<void> {
  console.log(`\n-- connector against ${name}`);
  const workspace = `bench-${process.pid}-${name.replace(/\W+/g, '-')}`;
  const room = `${workspace}/handoffs/2026-11`;
  const token = await relay.mintToken({ ws: workspace });
  const polyfill = (socket: unknown) => socket as OpenDocumentOptions['WebSocketPolyfill'];
  const open = (options: Partial<OpenDocumentOptions>): OpenedDocument =>
    openDocument(room, {
      relayUrl: relay.url,
      token,
      WebSocketPolyfill: polyfill(WebSocket),
      isBroadcastChannelEnabled: false,
      localPersistence: null,
      ...options,
    });

  // Seeded in transactions of 500 handoffs, as a device writes while connected, so the cold sync
  // measured below is the relay's answer, not one oversized upload.
  const seeder = open({});
  await waitForState(seeder, (state) => state.status === 'synced', 'the seeder synced', 120_000);
  for (let first = 0; first < logSize; first += 500) {
    seeder.doc.transact(() => {
      for (let index = first; index < Math.min(first + 500, logSize); index++) {
        appendHandoff(seeder.doc, handoff(index));
        for (const event of events(index)) appendHandoffEvent(seeder.doc, event);
      }
    });
  }
  await waitForState(seeder, (state) => state.status === 'synced', 'the seeded log confirmed', 120_000);
  await seeder.destroy();

  const cold = countingWebSocket();
  const coldStart = performance.now();
  const fresh = open({
    localName: `bench-${room}`,
    localPersistence: undefined,
    WebSocketPolyfill: polyfill(cold.CountingWebSocket),
  });
  await waitForState(fresh, (state) => state.status === 'synced', 'cold sync', 120_000);
  const coldMs = performance.now() - coldStart;
  console.log(
    `cold sync of the 10,000-handoff log: ${format(coldMs, 0)} ms, received ${format(cold.counts.receivedBytes / 1_024, 0)} KiB, sent ${cold.counts.sentBytes} B`,
  );
  const confirmations: number[] = [];
  for (let index = 0; index < 20; index++) {
    const start = performance.now();
    appendHandoff(fresh.doc, handoff(50_000 + index));
    await waitForState(fresh, (state) => state.status === 'synced', 'confirmation');
    confirmations.push(performance.now() - start);
  }
  console.log(
    `local append to relay-confirmed ('unsent' → 'synced'): median ${format(median(confirmations), 1)} ms of 20`,
  );
  await fresh.destroy();

  const other = open({});
  await waitForState(other, (state) => state.status === 'synced', 'other synced', 120_000);
  appendHandoff(other.doc, handoff(60_000));
  await waitForState(other, (state) => state.status === 'synced', 'other confirmed');
  await other.destroy();

  const warm = countingWebSocket();
  const warmStart = performance.now();
  const again = open({
    localName: `bench-${room}`,
    localPersistence: undefined,
    WebSocketPolyfill: polyfill(warm.CountingWebSocket),
  });
  await again.whenLocalLoaded;
  const loadedMs = performance.now() - warmStart;
  await waitForState(again, (state) => state.status === 'synced', 'warm sync', 120_000);
  const warmMs = performance.now() - warmStart;
  console.log(
    `warm reconnect (IndexedDB copy, one handoff missing): local load ${format(loadedMs, 0)} ms (fake-indexeddb), synced at ${format(warmMs, 0)} ms, sent ${warm.counts.sentBytes} B, received ${warm.counts.receivedBytes} B`,
  );
  await again.destroy();
}

benchDocumentModel();
const relays: [string, () => Promise<TestRelay>][] = [
  ['the reference @y/websocket-server', startReferenceRelay],
];
if (existsSync(relayMainPath)) relays.unshift(['the Pactline relay process', startPactlineRelay]);
else
  console.log(`\n(the Pactline relay is not built at ${relayMainPath}: measuring the reference server only)`);
for (const [name, start] of relays) {
  const relay = await start();
  try {
    await benchConnector(name, relay, 10_000);
  } finally {
    await relay.stop();
  }
}
