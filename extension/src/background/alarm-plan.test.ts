import { templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import { crossedKeys, dueNotices, upcomingAlarms } from './alarm-plan.js';
import { nearBreachCount, ownOpenClocks } from './own-clocks.js';
import type { WorkspaceSnapshot } from './workspace-snapshot.js';

// Tuesday 24 Nov 2026, 10:00 in New York; the SQL first-touch rule allows 480 business minutes.
const startMs = Date.UTC(2026, 10, 24, 15, 0);
const minute = 60_000;

const snapshot: WorkspaceSnapshot = {
  agreements: [{ id: 'main', title: 'SLA', status: 'active', terms: templateTerms() }],
  members: [
    { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
    { userId: 'alex', displayName: 'Alex AE', partyId: 'ae' },
    { userId: 'pat', displayName: 'Pat AE', partyId: 'ae' },
  ],
  handoffs: [
    {
      id: 'h1',
      agreementId: 'main',
      rules: [{ ruleId: 'sql-first-touch', ruleVersion: 1 }],
      lead: {
        crm: 'hubspot',
        objectType: 'contact',
        recordId: '1',
        url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
        displayName: 'Maya',
      },
      fromPartyId: 'sdr',
      fromUserId: 'sam',
      toPartyId: 'ae',
      toUserId: 'alex',
      checklist: [],
      startedAtMs: startMs,
      events: [],
    },
  ],
  activities: [],
};

describe('own clocks', () => {
  it('belong to the named receiver and the sender, not to another rep of the same party', () => {
    expect(ownOpenClocks(snapshot, { userId: 'alex', role: 'editor' }, startMs)).toHaveLength(1);
    expect(ownOpenClocks(snapshot, { userId: 'sam', role: 'editor' }, startMs)).toHaveLength(1);
    expect(ownOpenClocks(snapshot, { userId: 'pat', role: 'editor' }, startMs)).toHaveLength(0);
  });

  it('count towards the badge once in warning', () => {
    const alex = { userId: 'alex', role: 'editor' } as const;
    expect(nearBreachCount(ownOpenClocks(snapshot, alex, startMs + 60 * minute))).toBe(0);
    expect(nearBreachCount(ownOpenClocks(snapshot, alex, startMs + 241 * minute))).toBe(1);
  });
});

describe('threshold alarms and notices', () => {
  const alex = { userId: 'alex', role: 'editor' } as const;

  it('sets an alarm at the wall time of each threshold still ahead', () => {
    const alarms = upcomingAlarms(ownOpenClocks(snapshot, alex, startMs), startMs);
    expect(alarms).toEqual([
      { name: 'pactline-threshold:h1:sql-first-touch:50', whenMs: startMs + 240 * minute },
      // 80 % is 384 business minutes: 420 are left today, so it falls at 16:24 the same day.
      { name: 'pactline-threshold:h1:sql-first-touch:80', whenMs: startMs + 384 * minute },
      // The breach needs 480: 420 today (10:00–17:00), 60 more from 09:00 Wednesday.
      { name: 'pactline-threshold:h1:sql-first-touch:100', whenMs: Date.UTC(2026, 10, 25, 15, 0) },
    ]);
  });

  it('announces the highest crossed threshold once, even after a restart', () => {
    const late = ownOpenClocks(snapshot, alex, Date.UTC(2026, 10, 25, 15, 30));
    const notices = dueNotices(late, new Set());
    expect(notices).toEqual([
      {
        key: 'h1:sql-first-touch:100',
        title: 'Breached: SQL first touch',
        message: 'Maya — Sales development → Account executives',
        url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
      },
    ]);
    expect(dueNotices(late, new Set(crossedKeys(late)))).toEqual([]);
  });
});
