import type { Handoff } from '@pactline/shared';
import { appendHandoff, handoffsRoomFor } from '@pactline/shared/doc';
import * as Y from 'yjs';
import { demoWeek } from '../../scripts/demo/demo-workspace.js';
import { type RoomWriter, writeWorkspaceSeed } from '../../scripts/seed/workspace-seed.js';
import type { WatchedRoom } from '../../sync-server/src/watcher/start-watcher.js';
import type { ProviderClient } from '../support/relay-clients.js';

/** What the watcher and delivery benchmarks share: figures, open clocks, rooms in memory. */
export const minuteMs = 60_000;
/** The template's MQL rule: 15 minutes for a hot lead, rungs at 80 % and 100 %. */
export const hotTargetMs = 15 * minuteMs;

export const median = (values: number[]) => percentile(values, 0.5);
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
export const format = (value: number, digits = 0) => value.toFixed(digits);

/**
 * The time each of an editor's updates takes to reach another client of the room, one after
 * another 5 ms apart, until `until()` or `max` updates.
 */
export async function timedUpdates(
  writer: ProviderClient,
  reader: ProviderClient,
  until: () => boolean,
  max: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const text = reader.doc.getText('t');
  while (!until() && latencies.length < max) {
    const sentAt = performance.now();
    const arrived = new Promise<void>((resolve) =>
      text.observe(function seen() {
        text.unobserve(seen);
        resolve();
      }),
    );
    writer.doc.getText('t').insert(0, 'x');
    await arrived;
    latencies.push(performance.now() - sentAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

export function benchHandoff(workspace: string, index: number, startedAtMs: number): Handoff {
  return {
    id: `h-${index}`,
    agreementId: 'sla',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: String(index),
      url: `https://app.hubspot.com/contacts/1/record/0-1/${index}`,
      displayName: `${workspace} lead ${index}`,
    },
    fromPartyId: 'marketing',
    fromUserId: 'mia',
    toPartyId: 'sdr',
    toUserId: 'sam',
    priority: 'hot',
    checklist: [],
    startedAtMs,
  };
}

/** In-memory rooms, as the relay holds them; a write is applied as once stored. */
export function memoryRelay() {
  const docs = new Map<string, Y.Doc>();
  const docOf = (name: string) => {
    let doc = docs.get(name);
    if (doc === undefined) {
      doc = new Y.Doc();
      docs.set(name, doc);
    }
    return doc;
  };
  const openRoom = async (name: string): Promise<WatchedRoom> => ({
    doc: docOf(name),
    write: async (update) => Y.applyUpdate(docOf(name), update, 'relay'),
    release: () => {},
  });
  const withRoom: RoomWriter = async (room, body) => body(docOf(room));
  return { docOf, openRoom, withRoom };
}

/** A workspace whose agreement counts every hour, with `count` hot handoffs started at `startOf(i)`. */
export async function seedClocks(
  withRoom: RoomWriter,
  docOf: (room: string) => Y.Doc,
  workspace: string,
  count: number,
  startOf: (index: number) => number,
) {
  await writeWorkspaceSeed(
    {
      workspace,
      agreement: {
        id: 'sla',
        title: 'SLA',
        createdAtMs: Date.now() - 30 * 24 * 60 * minuteMs,
        timeZone: 'UTC',
        calendar: { name: 'Around the clock', week: demoWeek },
      },
      members: [],
      handoffs: [],
    },
    withRoom,
  );
  for (let index = 0; index < count; index++) {
    const startedAtMs = startOf(index);
    const doc = docOf(handoffsRoomFor(workspace, startedAtMs));
    appendHandoff(doc, benchHandoff(workspace, index, startedAtMs));
  }
}
