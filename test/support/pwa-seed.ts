import type { Handoff, HandoffEvent } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readHandoffLog,
  upsertDirectoryAgreement,
} from '@pactline/shared/doc';
import { demoWeek } from '../../scripts/demo/demo-workspace';
import { connectProvider, waitFor } from './relay-clients';
import type { RunningRelay } from './relay-process';

/**
 * Seeds a workspace through the relay the way other clients would: an agreement from the template,
 * listed in the directory, and `count` handoffs over the last days with a mix of outcomes.
 */
export type SeededWorkspace = { agreementId: string; handoffIds: string[] };

const minute = 60_000;
const reps = ['sam', 'sasha', 'tom'];

export function seededHandoffs(
  agreementId: string,
  count: number,
  nowMs: number,
  spacingMinutes = 23,
): { handoff: Handoff; events: HandoffEvent[] }[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `h-${String(index).padStart(5, '0')}`;
    const startedAtMs = nowMs - (index + 1) * spacingMinutes * minute;
    const toUserId = reps[index % reps.length] as string;
    const isHot = index % 4 === 0;
    const handoff: Handoff = {
      id,
      agreementId,
      rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: '0-1',
        recordId: String(1000 + index),
        url: `https://app.hubspot.com/contacts/4242/record/0-1/${1000 + index}`,
        displayName: `Lead ${String(index).padStart(5, '0')} (${isHot ? 'hot' : 'warm'})`,
      },
      fromPartyId: 'marketing',
      fromUserId: 'mia',
      toPartyId: 'sdr',
      toUserId,
      priority: isHot ? 'hot' : 'warm',
      stage: 'MQL',
      checklist: [
        { itemId: 'email', label: 'Email is filled in', isRequired: true, isDone: true, isAutomatic: true },
      ],
      startedAtMs,
    };
    const events: HandoffEvent[] = [];
    const kind = index % 5;
    if (kind === 0 || kind === 1) {
      events.push({
        id: `${id}-touch`,
        handoffId: id,
        type: 'first_touch',
        atMs: startedAtMs + (5 + (index % 50)) * minute,
        byUserId: toUserId,
        channel: 'call',
      });
    } else if (kind === 2) {
      events.push({
        id: `${id}-pause`,
        handoffId: id,
        type: 'paused',
        atMs: startedAtMs + 3 * minute,
        byUserId: toUserId,
        reason: 'Waiting for marketing data',
      });
    } else if (kind === 3 && index % 3 === 0) {
      events.push({
        id: `${id}-reject`,
        handoffId: id,
        type: 'rejected',
        atMs: startedAtMs + 9 * minute,
        byUserId: toUserId,
        reason: 'Not in our territory',
      });
    }
    return { handoff, events: events.filter((event) => event.atMs <= nowMs) };
  });
}

export async function seedWorkspace(
  relay: RunningRelay,
  workspace: string,
  options: { title: string; handoffCount: number; nowMs: number; spacingMinutes?: number },
): Promise<SeededWorkspace> {
  const token = await relay.mintToken({ ws: workspace, sub: 'seeder', role: 'admin' });
  const agreementId = `seeded-${options.nowMs.toString(36)}`;
  const agreement = connectProvider(relay.url, `${workspace}/agreement/${agreementId}`, token);
  const directory = connectProvider(relay.url, `${workspace}/directory`, token);
  const items = seededHandoffs(agreementId, options.handoffCount, options.nowMs, options.spacingMinutes);
  const byRoom = new Map<string, typeof items>();
  for (const item of items) {
    const room = handoffsRoomFor(workspace, item.handoff.startedAtMs);
    byRoom.set(room, [...(byRoom.get(room) ?? []), item]);
  }
  const logs = [...byRoom.keys()].map((room) => connectProvider(relay.url, room, token));
  try {
    await Promise.all([agreement.synced(), directory.synced(), ...logs.map((log) => log.synced())]);
    const created = initAgreement(agreement.doc, {
      id: agreementId,
      title: options.title,
      createdAtMs: options.nowMs - 30 * 86_400_000,
      timeZone: 'UTC',
    });
    if (!created.ok) throw new Error(created.message);
    // Office hours around the clock, so that the seeded clocks run whatever the time of the test.
    const listed = upsertDirectoryAgreement(directory.doc, {
      id: agreementId,
      title: options.title,
      status: 'active',
    });
    if (!listed.ok) throw new Error(listed.message);
    const { upsertCalendar } = await import('@pactline/shared/doc');
    const calendar = upsertCalendar(agreement.doc, {
      id: 'office',
      name: 'Around the clock',
      version: 1,
      timeZone: 'UTC',
      week: demoWeek,
      holidays: [],
    });
    if (!calendar.ok) throw new Error(calendar.message);
    [...byRoom.values()].forEach((roomItems, index) => {
      const doc = logs[index]?.doc;
      if (!doc) return;
      doc.transact(() => {
        for (const { handoff, events } of roomItems) {
          const added = appendHandoff(doc, handoff);
          if (!added.ok) throw new Error(added.message);
          for (const event of events) {
            const appended = appendHandoffEvent(doc, event);
            if (!appended.ok) throw new Error(appended.message);
          }
        }
      });
    });
    // Read back through a fresh client: the relay holds every seeded handoff.
    for (const [room, roomItems] of byRoom) {
      const reader = connectProvider(relay.url, room, token);
      try {
        await reader.synced();
        await waitFor(() => readHandoffLog(reader.doc).handoffs.length === roomItems.length, {
          what: `${room} seeded`,
        });
      } finally {
        reader.destroy();
      }
    }
    return { agreementId, handoffIds: items.map((item) => item.handoff.id) };
  } finally {
    agreement.destroy();
    directory.destroy();
    for (const log of logs) log.destroy();
  }
}
