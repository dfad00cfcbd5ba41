import { describe, expect, it } from 'vitest';
import type { Member } from '../agreement/party.js';
import type { ActivityRule } from '../agreement/rule.js';
import type { Activity, ActivityKind } from '../handoff/activity.js';
import { weekdaysNineToFive } from '../testing/office-calendar.js';
import { activityProgress } from './activity-progress.js';

const office = weekdaysNineToFive('UTC', []);
const rule: ActivityRule = {
  id: 'sdr-calls',
  name: 'SDR calls',
  kind: 'activity',
  version: 1,
  isEnabled: true,
  partyId: 'sdr',
  activity: 'calls',
  targetCount: 50,
  period: 'week',
};
const members: Member[] = [
  { userId: 'sam', displayName: 'Sam Rivera', partyId: 'sdr' },
  { userId: 'ana', displayName: 'Ana Lopez', partyId: 'sdr' },
  { userId: 'ola', displayName: 'Ola Berg', partyId: 'sdr' },
  { userId: 'mia', displayName: 'Mia Chen', partyId: 'marketing' },
];

let sequence = 0;
function logged(byUserId: string, atMs: number, kind: ActivityKind = 'call'): Activity {
  sequence += 1;
  return {
    id: `a${sequence}`,
    kind,
    byUserId,
    atMs,
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: String(sequence),
      url: `https://app.hubspot.com/contacts/1/record/0-1/${sequence}`,
      displayName: 'Lead',
    },
  };
}

// Monday 2 November 2026 to Friday 6th is a full office week; Wednesday 4th at 13:00 is halfway.
const nowMs = Date.UTC(2026, 10, 4, 13);
const monday = Date.UTC(2026, 10, 2, 10);
const calls = (byUserId: string, count: number) =>
  Array.from({ length: count }, (_, index) => logged(byUserId, monday + index * 60_000));

describe('activityProgress', () => {
  it('paces each rep of the party against the target per rep, halfway through the week', () => {
    const progress = activityProgress(rule, [...calls('sam', 30), ...calls('ana', 20)], members, {
      nowMs,
      calendar: office,
    });
    expect(progress).toMatchObject({
      kind: 'call',
      periodKey: '2026-W45',
      elapsedFraction: 0.5,
      targetCount: 50,
      count: 50,
      expectedByNowCount: 75,
      repsBehindCount: 2,
      isOnTrack: false,
    });
    expect(progress.reps.map((rep) => [rep.displayName, rep.count, rep.pacePercent, rep.isOnTrack])).toEqual([
      ['Ana Lopez', 20, 80, false],
      ['Ola Berg', 0, 0, false],
      ['Sam Rivera', 30, 120, true],
    ]);
    expect(progress.reps[2]?.projectedCount).toBe(60);
  });

  it('counts only the goal kind, the party members, and the current period up to now', () => {
    const noise = [
      logged('sam', monday, 'email'),
      logged('sam', monday, 'meeting'),
      logged('mia', monday), // marketing, not a rep of the party
      logged('stranger', monday), // not in the directory
      logged('sam', Date.UTC(2026, 10, 1, 12)), // Sunday of the week before
      logged('sam', Date.UTC(2026, 10, 4, 14)), // later today, after now
    ];
    const progress = activityProgress(rule, [...calls('sam', 3), ...noise], members, {
      nowMs,
      calendar: office,
    });
    expect(progress.count).toBe(3);
    expect(progress.reps.find((rep) => rep.userId === 'sam')?.count).toBe(3);
  });

  it('measures email goals by their own kind', () => {
    const emails = { ...rule, id: 'sdr-emails', activity: 'emails sent', targetCount: 10 };
    const progress = activityProgress(
      emails,
      [logged('ana', monday, 'email'), logged('ana', monday, 'call')],
      members,
      { nowMs, calendar: office },
    );
    expect(progress.kind).toBe('email');
    expect(progress.reps.find((rep) => rep.userId === 'ana')?.count).toBe(1);
  });

  it('does not measure a goal whose words name nothing the overlay logs, rather than count zero', () => {
    const unknown = { ...rule, activity: 'LinkedIn touches' };
    const progress = activityProgress(unknown, calls('sam', 5), members, { nowMs, calendar: office });
    expect(progress.kind).toBeNull();
    expect(progress.count).toBe(0);
  });

  it('expects nothing before the period has begun its business time', () => {
    const earlyMonday = Date.UTC(2026, 10, 2, 8);
    const progress = activityProgress(rule, [], members, { nowMs: earlyMonday, calendar: office });
    expect(progress.elapsedFraction).toBe(0);
    expect(progress.pacePercent).toBeNull();
    expect(progress.isOnTrack).toBe(true);
  });
});
