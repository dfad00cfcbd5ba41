import type { Handoff, HandoffEvent } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { demoWeek, demoWorkspace } from '../../scripts/demo/demo-workspace';
import { seedDemo } from '../../scripts/demo/seed-demo';
import { handoffRooms, type WorkspaceSeed, writeWorkspaceSeed } from '../../scripts/seed/workspace-seed';
import { seedTokens, writeThroughRelay } from './extension-workspace';
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
  const items = seededHandoffs(agreementId, options.handoffCount, options.nowMs, options.spacingMinutes);
  const seed: WorkspaceSeed = {
    workspace,
    agreement: {
      id: agreementId,
      title: options.title,
      createdAtMs: options.nowMs - 30 * 86_400_000,
      timeZone: 'UTC',
      // Office hours around the clock, so that the seeded clocks run whatever the time of the test.
      calendar: { name: 'Around the clock', week: demoWeek },
      // Signed by every party, so the agreement is in force.
      signers: [
        { userId: 'mia', displayName: 'Mia', partyId: 'marketing', isContact: false },
        { userId: 'sam', displayName: 'Sam', partyId: 'sdr', isContact: false },
        { userId: 'alex', displayName: 'Alex', partyId: 'ae', isContact: false },
      ],
    },
    members: [],
    handoffs: items.map(({ handoff, events }) => ({ ...handoff, events })),
  };
  const tokenFor = seedTokens(relay, workspace, token);
  await writeWorkspaceSeed(seed, async (room, body, as) =>
    writeThroughRelay(relay.url, await tokenFor(as), room, body),
  );
  // Read back through a fresh client: the relay holds every seeded handoff.
  for (const [room, roomItems] of handoffRooms(seed)) {
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
}

/**
 * The start command's demo workspace (four months of history), written through the relay as the
 * start command writes it; resolves with the number of handoffs seeded.
 */
export async function seedDemoWorkspace(relay: RunningRelay): Promise<number> {
  const { handoffCount } = await seedDemo({
    relayUrl: relay.url,
    adminToken: await relay.mintToken({ ws: demoWorkspace, sub: 'pactline-setup', role: 'admin' }),
    signerToken: (userId) => relay.mintToken({ ws: demoWorkspace, sub: userId, role: 'editor' }),
    relayToken: relay.mintToken({ ws: demoWorkspace, sub: 'pactline-setup', role: 'relay' }),
    crmOrigin: 'http://127.0.0.1:9',
    nowMs: Date.now(),
    timeoutMs: 30_000,
  });
  return handoffCount;
}
