import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandoffEvent } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { notificationsFor, openNotificationStore } from './notification-store.js';

const startedAtMs = Date.UTC(2026, 11, 4, 9);
const escalated = (atPercent: number, targets: Extract<HandoffEvent, { type: 'escalated' }>['targets']) =>
  ({
    id: `maya:escalated:mql-response:1:${atPercent}`,
    handoffId: 'maya',
    atMs: startedAtMs + atPercent * 60_000,
    byUserId: 'pactline',
    type: 'escalated',
    ruleId: 'mql-response',
    atPercent,
    notifiedUserIds: [],
    targets,
  }) as Extract<HandoffEvent, { type: 'escalated' }>;

describe('pending notifications', () => {
  const handoff = testHandoff('maya', startedAtMs, { agreementId: 'main' });

  it('names one recipient per target: sender and receiver as the handoff names them, parties whole', () => {
    const drafts = notificationsFor(
      'acme',
      handoff,
      escalated(100, [
        { kind: 'party', partyId: 'sdr' },
        { kind: 'sender' },
        { kind: 'user', userId: handoff.fromUserId },
      ]),
    );
    expect(drafts.map((draft) => draft.recipient)).toEqual(['party:sdr', `user:${handoff.fromUserId}`]);
    expect(drafts[0]).toMatchObject({
      workspace: 'acme',
      handoffId: 'maya',
      ruleId: 'mql-response',
      reason: 'breached',
    });
    const unassigned = { ...handoff, toUserId: undefined };
    expect(notificationsFor('acme', unassigned, escalated(80, [{ kind: 'receiver' }]))[0]).toMatchObject({
      recipient: `party:${handoff.toPartyId}`,
      reason: 'rung',
    });
    const toChannels = {
      ...escalated(100, [{ kind: 'sender' }]),
      channels: [
        { kind: 'channel' as const, channelId: 'ops', name: '#ops' },
        { kind: 'channel' as const, channelId: 'ops', name: '#ops' },
      ],
    };
    expect(notificationsFor('acme', handoff, toChannels).map((draft) => draft.recipient)).toEqual([
      `user:${handoff.fromUserId}`,
      'channel:ops',
    ]);
  });

  it('records each once, across offers again and a reopened store, and lists them oldest first', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pactline-notifications-')), 'data', 'notifications.sqlite');
    let now = 1_000;
    const store = openNotificationStore(path, () => now);
    const rung = notificationsFor('acme', handoff, escalated(80, [{ kind: 'receiver' }]));
    const breach = notificationsFor(
      'acme',
      handoff,
      escalated(100, [{ kind: 'party', partyId: 'sdr' }, { kind: 'sender' }]),
    );
    expect(store.record(rung)).toBe(1);
    now = 2_000;
    expect(store.record([...rung, ...breach])).toBe(2);
    expect(store.pendingCount()).toBe(3);
    store.close();
    // What a restarted relay offers again adds nothing; what it had not recorded is added.
    const reopened = openNotificationStore(path, () => 3_000);
    expect(reopened.record([...rung, ...breach])).toBe(0);
    expect(reopened.pending(10).map((item) => [item.recipient, item.createdAtMs])).toEqual([
      [rung[0]?.recipient, 1_000],
      [breach[0]?.recipient, 2_000],
      [breach[1]?.recipient, 2_000],
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Handed to delivery, an event's notifications are no longer pending; the others still are.
    const breachId = breach[0]?.eventId ?? '';
    expect(reopened.unrouted('acme', breachId).map((item) => item.recipient)).toEqual(
      breach.map((draft) => draft.recipient).sort(),
    );
    reopened.markRouted('acme', breachId);
    expect(reopened.unrouted('acme', breachId)).toEqual([]);
    expect(reopened.pendingCount()).toBe(1);
    expect(reopened.unrouted('globex', rung[0]?.eventId ?? '')).toEqual([]);
    reopened.close();
  });
});
