/**
 * Benchmark of verifying a month of the handoff log (not a test): prints figures, decides nothing.
 * Run from the root with `pnpm bench log-verify`.
 *
 * A month of 10,000 entries (3,334 handoffs, each with two events) is linked by the relay's own
 * code (sync-server's `Room` taking the month from a relay writer, over an in-memory store), then
 * verified as a device does (`verifyHandoffLog`): with Web Crypto, as the PWA does (Node's
 * implementation of the same API here; the PWA's is Chromium's), and with node:crypto as the relay
 * and `verify-log` do. Median of 7 runs after 2 warm-up runs (goal in the PWA ≤ 200 ms). Then the
 * part that depends on the browser, measured in Chromium itself: the month's 10,002 SHA-256
 * digests of the chain inputs, asked for at once as `verifyChain` does (a secure page, so that
 * `crypto.subtle` exists); the rest of a verification is the same JavaScript in both.
 */
import { createHash, webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chainInput } from '@pactline/shared';
import { chainedEntriesOf, logEntryMaps, verifyHandoffLog } from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import * as Y from 'yjs';
import { Room, type RoomMember } from '../../sync-server/src/room.js';
import { emptyStoredDoc } from '../../sync-server/src/storage/testing/stored-doc.js';
import { launchChromium } from '../support/pwa-browser.js';

const handoffs = 3_334;
const room = new Room('acme/handoffs/2026-12', {
  store: {
    load: async () => emptyStoredDoc,
    append: async () => 1,
    compact: async (_room, _snapshot, { throughSeq }) => throughSeq,
    close: async () => {},
  },
  log: () => {},
  compactAfterUpdates: 1_000_000,
  isAppendOnly: true,
  stampsReceipts: true,
});
await room.load();
const seeder: RoomMember = { send: () => {}, fail: () => {}, userId: 'setup', isRelay: true };
const month = new Y.Doc();
month.transact(() => {
  for (let index = 0; index < handoffs; index++) {
    const { events: _events, ...handoff } = testHandoff(`h${index}`, 1_800_000_000_000 + index * 60_000);
    month.getMap('handoffs').set(handoff.id, handoff);
    for (const type of ['accepted', 'first_touch'] as const)
      month.getMap('events').set(`h${index}-${type}`, {
        id: `h${index}-${type}`,
        handoffId: handoff.id,
        type,
        atMs: 1_800_000_100_000 + index * 60_000,
        byUserId: 'rep',
      });
  }
});
const received = room.receiveUpdate(Y.encodeStateAsUpdate(month), seeder);
if (received.status !== 'stored') throw new Error(`month refused: ${JSON.stringify(received)}`);
await received.applied;
for (let wait = 0; wait < 10 && room.doc.getMap('chain').size < 3 * handoffs - 2; wait++)
  await new Promise((resolve) => setImmediate(resolve));
// A device's copy, as it syncs from the relay.
const copy = new Y.Doc();
Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
const entries = copy.getMap('chain').size;

const digests = {
  'Web Crypto': async (text: string) => {
    const digest = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Buffer.from(digest).toString('hex');
  },
  'node:crypto': (text: string) => createHash('sha256').update(text).digest('hex'),
};
for (const [name, sha256Hex] of Object.entries(digests)) {
  const times: number[] = [];
  for (let run = -2; run < 7; run++) {
    const start = performance.now();
    const verdict = await verifyHandoffLog(copy, sha256Hex);
    const elapsed = performance.now() - start;
    if (!verdict.isVerified) throw new Error('the month does not verify');
    if (run >= 0) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  console.log(
    `verify a month of ${entries.toLocaleString('en')} linked entries with ${name}: median ${(times[3] ?? 0).toFixed(0)} ms (min ${(times[0] ?? 0).toFixed(0)}, max ${(times[6] ?? 0).toFixed(0)}; goal ≤ 200 ms in the PWA)`,
  );
}
// Chromium's Web Crypto on the same texts the verification hashes.
const texts = logEntryMaps.flatMap((map) =>
  chainedEntriesOf(copy, map).flatMap((item) =>
    item.link === undefined ? [] : [chainInput(item.link.prev, item.key, item.entry, item.receivedAtMs)],
  ),
);
// Web Crypto needs a secure context: a page from 127.0.0.1 is one.
const server = createServer((_request, response) => response.end('<!doctype html><title>bench</title>'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const times = await page.evaluate(async (inputs: string[]) => {
    const runs: number[] = [];
    for (let run = 0; run < 9; run++) {
      const start = performance.now();
      await Promise.all(
        inputs.map(async (text) => {
          const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
          return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
        }),
      );
      runs.push(performance.now() - start);
    }
    return runs.slice(2).sort((a, b) => a - b);
  }, texts);
  console.log(
    `the month's ${texts.length.toLocaleString('en')} digests with Chromium's Web Crypto: median ${(times[3] ?? 0).toFixed(0)} ms (min ${(times[0] ?? 0).toFixed(0)}, max ${(times[6] ?? 0).toFixed(0)})`,
  );
} finally {
  await browser.close();
  server.close();
}
process.exit(0);
