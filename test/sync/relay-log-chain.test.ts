import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Handoff, type HandoffEvent, handoffLogCsv } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  chainedEntriesOf,
  handoffsRoomFor,
  readHandoffLog,
  verifyHandoffLog,
} from '@pactline/shared/doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, type ProviderClient, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, relayMainPath, startRelay } from '../support/relay-process.js';

/**
 * The hash chain the relay keeps over each month of the handoff log, against the real relay
 * process: appends from devices that were offline merge and verify, a kill -9 mid-stream leaves a
 * store that verifies after the restart, and `verify-log` names an entry changed in the store.
 */
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const startedAtMs = Date.UTC(2026, 11, 2, 9);
const room = handoffsRoomFor('acme', startedAtMs);

function handoff(id: string, fromUserId: string): Handoff {
  return {
    id,
    agreementId: 'sla',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: 'contact',
      recordId: id,
      url: `https://app.hubspot.com/contacts/1/record/0-1/${id}`,
      displayName: `Lead ${id}`,
    },
    fromPartyId: 'sdr',
    fromUserId,
    toPartyId: 'ae',
    checklist: [],
    startedAtMs,
  };
}

const touch = (id: string, handoffId: string, byUserId: string): HandoffEvent => ({
  id,
  handoffId,
  atMs: startedAtMs + 60_000,
  byUserId,
  type: 'first_touch',
});

/** Runs `node dist/main.js verify-log` on the relay's data dir, as `pnpm … verify-log` does. */
function verifyLog(relay: RunningRelay, args: string[] = []): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [relayMainPath, 'verify-log', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          PACTLINE_SECRET: relay.secret,
          PACTLINE_DATA_DIR: relay.dataDir,
        },
      },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

describe('the handoff log’s hash chain', () => {
  let relay: RunningRelay;
  const clients: ProviderClient[] = [];
  const connect = async (userId: string, doc?: Y.Doc) => {
    const client = connectProvider(
      relay.url,
      room,
      await relay.mintToken({ ws: 'acme', sub: userId, role: 'editor' }),
      doc === undefined ? {} : { doc },
    );
    clients.push(client);
    await client.synced();
    return client;
  };
  /** A fresh reader's copy once it holds `entries` linked entries in all. */
  const linkedCopy = async (entries: number) => {
    const reader = await connect('reader');
    await waitFor(() => reader.doc.getMap('chain').size === entries, {
      what: `${entries} linked entries`,
      timeoutMs: 20_000,
    });
    return reader;
  };

  beforeAll(async () => {
    relay = await startRelay();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await relay?.kill('SIGKILL');
  });

  it('links the appends of two devices that were offline, and the merged log verifies', async () => {
    // Sam and Alex each write while offline, then connect: their appends merge at the relay.
    const samDoc = new Y.Doc();
    const alexDoc = new Y.Doc();
    for (let index = 0; index < 5; index++) {
      expect(appendHandoff(samDoc, handoff(`s${index}`, 'sam')).ok).toBe(true);
      expect(appendHandoff(alexDoc, handoff(`a${index}`, 'alex')).ok).toBe(true);
    }
    await Promise.all([connect('sam', samDoc), connect('alex', alexDoc)]);
    const reader = await linkedCopy(10);
    expect(readHandoffLog(reader.doc).handoffs).toHaveLength(10);
    const verdict = await verifyHandoffLog(reader.doc, sha256Hex);
    expect(verdict).toMatchObject({
      isVerified: true,
      chains: { handoffs: { linked: 10, unlinked: 0, breaks: [] } },
    });
    expect(await verifyLog(relay)).toMatchObject({ code: 0 });
  });

  it('verifies what was stored after a kill -9 in the middle of a stream of appends', async () => {
    const sam = await connect('sam');
    for (let index = 0; index < 30; index++) {
      expect(appendHandoffEvent(sam.doc, touch(`t${index}`, `s${index % 5}`, 'sam')).ok).toBe(true);
      if (index === 20) await relay.kill('SIGKILL');
    }
    await relay.restart();
    // Sam's client sends what the relay lacks; whatever lost its link in the crash is linked on
    // the next write, and the chain goes on.
    await sam.synced();
    const reader = await linkedCopy(40);
    const verdict = await verifyHandoffLog(reader.doc, sha256Hex);
    expect(verdict.isVerified).toBe(true);
    expect(verdict.chains.events).toMatchObject({ linked: 30, unlinked: 0 });
    const { code, stdout } = await verifyLog(relay);
    expect(code).toBe(0);
    expect(stdout).toContain(`${room}: verified (handoffs 10 linked; events 30 linked; activities 0 linked;`);
  });

  it('verifies an entries export offline, and names an edited column or entry', async () => {
    const reader = await linkedCopy(40);
    const chain = new Map(
      (['handoffs', 'events'] as const).flatMap((map) =>
        chainedEntriesOf(reader.doc, map).map((entry) => [entry.key, entry] as const),
      ),
    );
    const csv = handoffLogCsv(readHandoffLog(reader.doc).handoffs, chain);
    const dir = mkdtempSync(join(tmpdir(), 'pactline-entries-'));
    const exported = join(dir, 'entries.csv');
    writeFileSync(exported, csv);
    const clean = await verifyLog(relay, ['--csv', exported]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('2026-12 handoffs: verified (10 linked)');
    expect(clean.stdout).toContain('2026-12 events: verified (30 linked)');

    // What was tried: the `by` column of a first touch edited to Alex, the entry left alone.
    const lines = csv.split('\r\n');
    const touched = lines.findIndex((line) => line.includes(',first_touch,sam,'));
    const byEdited = lines.map((line, index) =>
      index === touched ? line.replace(',first_touch,sam,', ',first_touch,alex,') : line,
    );
    writeFileSync(exported, byEdited.join('\r\n'));
    const edited = await verifyLog(relay, ['--csv', exported]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(`line ${touched + 1} does not match its entry`);

    // And the entry itself: its time moved, in the entry and its column alike.
    const atMs = String(startedAtMs + 60_000);
    const moved = lines.map((line, index) =>
      index === touched
        ? line
            .replace(
              new Date(startedAtMs + 60_000).toISOString(),
              new Date(startedAtMs + 1_000).toISOString(),
            )
            .replace(`""atMs"":${atMs}`, `""atMs"":${startedAtMs + 1_000}`)
        : line,
    );
    writeFileSync(exported, moved.join('\r\n'));
    const rewritten = await verifyLog(relay, ['--csv', exported]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toMatch(/events\/t\d+ \(entry \d+ of the chain\) is not what was linked/);
  });

  it('names the entry changed in the store, and exits 1', async () => {
    // What was tried: someone with the store edits Sam's first touch t0 (its time) directly.
    await relay.storeWhileStopped(room, (doc) => {
      doc.getMap('events').set('t0', { ...touch('t0', 's0', 'sam'), atMs: startedAtMs + 1_000 });
    });
    const { code, stdout } = await verifyLog(relay);
    expect(code).toBe(1);
    expect(stdout).toContain(`${room}: BROKEN`);
    expect(stdout).toMatch(/events\/t0 \(entry \d+ of the chain\) is not what was linked: changed since/);
    // A device's copy names it too.
    const reader = await connect('reader');
    await waitFor(() => (readHandoffLog(reader.doc).handoffs.length === 10 ? true : undefined), {
      what: 'the log',
    });
    const verdict = await verifyHandoffLog(reader.doc, sha256Hex);
    expect(verdict.isVerified).toBe(false);
    expect(verdict.chains.events.breaks.map((found) => found.kind)).toEqual(['changed']);
  });
});
