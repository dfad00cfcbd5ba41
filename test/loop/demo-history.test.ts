import {
  type ActivityRule,
  activityProgress,
  type ConversionRule,
  conversionProgress,
  evaluateClock,
  type HandoffWithEvents,
  periodBucketAt,
  type ResponseRule,
  templateTerms,
  type VolumeRule,
  volumeProgress,
} from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import { demoSeed, demoWeek } from '../../scripts/demo/demo-workspace.js';

const nowMs = Date.UTC(2026, 11, 6, 15, 30);
const seed = demoSeed(nowMs, 'http://127.0.0.1:5999');
const handoffs = seed.handoffs;
const terms = templateTerms();
const calendar = { ...terms.calendars[0]!, week: demoWeek };
const timeZone = calendar.timeZone;
const rule = <T>(id: string) => terms.rules.find((candidate) => candidate.id === id) as T;

/** The last instant of each of the three months before the current one, newest first. */
function completeMonthEnds(): number[] {
  const ends: number[] = [];
  let startMs = periodBucketAt(nowMs, 'month', timeZone).startMs;
  for (let index = 0; index < 3; index++) {
    ends.push(startMs - 1);
    startMs = periodBucketAt(startMs - 1, 'month', timeZone).startMs;
  }
  return ends;
}

const withEvent = (type: string) =>
  handoffs.filter((handoff) => handoff.events.some((event) => event.type === type));

describe('the demo history', () => {
  it('is the same on every machine for the same day: seeded, not random', () => {
    expect(demoSeed(nowMs, 'http://127.0.0.1:5999')).toEqual(seed);
  });

  it('holds several hundred handoffs over about four months, all in the past', () => {
    expect(handoffs.length).toBeGreaterThan(400);
    const months = new Set(
      handoffs.map((handoff) => new Date(handoff.startedAtMs).toISOString().slice(0, 7)),
    );
    expect(months.size).toBeGreaterThanOrEqual(4);
    const instants = handoffs.flatMap((handoff) => [
      handoff.startedAtMs,
      ...handoff.events.map((e) => e.atMs),
    ]);
    expect(Math.max(...instants)).toBeLessThanOrEqual(nowMs);
    expect(Math.min(...instants)).toBeGreaterThan(nowMs - 130 * 86_400_000);
  });

  it('involves at least six reps across marketing, the SDRs and the AEs, all in the directory', () => {
    const reps = new Set(handoffs.flatMap((handoff) => [handoff.fromUserId, handoff.toUserId ?? '']));
    reps.delete('');
    expect(reps.size).toBeGreaterThanOrEqual(6);
    const members = new Map(seed.members.map((member) => [member.userId, member.partyId]));
    for (const rep of reps) expect(members.has(rep), rep).toBe(true);
    expect(new Set([...reps].map((rep) => members.get(rep)))).toEqual(new Set(['marketing', 'sdr', 'ae']));
  });

  it('has every outcome a real quarter has, with reasons where there are reasons', () => {
    const judged = handoffs.flatMap((handoff) => handoff.events.filter((event) => event.type === 'judged'));
    expect(new Set(judged.map((event) => event.outcome))).toEqual(new Set(['met', 'breached']));
    const reasons = (type: 'paused' | 'rejected') =>
      new Set(
        handoffs.flatMap((handoff) =>
          handoff.events.flatMap((event) => (event.type === type ? [event.reason] : [])),
        ),
      );
    expect(reasons('paused').size).toBeGreaterThanOrEqual(2);
    expect(reasons('rejected').size).toBeGreaterThanOrEqual(3);
    expect(withEvent('resumed').length).toBeGreaterThan(10);
    expect(withEvent('reassigned').length).toBeGreaterThan(10);
    expect(withEvent('escalated').length).toBeGreaterThan(10);
    expect(new Set(handoffs.map((handoff) => handoff.priority))).toEqual(new Set(['hot', 'warm', undefined]));
    expect(new Set(handoffs.map((handoff) => handoff.rules[0]?.ruleId))).toEqual(
      new Set(['mql-response', 'sql-first-touch']),
    );
    const sqlChecklists = handoffs.filter((handoff) => handoff.stage === 'SQL').map((h) => h.checklist);
    expect(sqlChecklists.every((checklist) => checklist.length > 0)).toBe(true);
  });

  it('misses the volume and the qualification goals in some months and meets them in others', () => {
    const volume = completeMonthEnds().map(
      (endMs) => volumeProgress(rule<VolumeRule>('mql-volume'), handoffs, { nowMs: endMs, calendar }).isMet,
    );
    expect(new Set(volume)).toEqual(new Set([true, false]));
    const qualification = completeMonthEnds().map(
      (endMs) =>
        conversionProgress(rule<ConversionRule>('qualification-rate'), handoffs, { nowMs: endMs, timeZone })
          .isMet,
    );
    expect(new Set(qualification)).toEqual(new Set([true, false]));
  });

  it('has five weeks of logged calls and emails, with an SDR behind the weekly call pace', () => {
    const activities = seed.activities ?? [];
    expect(activities.length).toBeGreaterThan(600);
    expect(new Set(activities.map((activity) => activity.kind))).toEqual(new Set(['call', 'email']));
    expect(Math.max(...activities.map((activity) => activity.atMs))).toBeLessThanOrEqual(nowMs);
    expect(new Set(activities.map((activity) => activity.id)).size).toBe(activities.length);
    // Every SDR's first touch of the last five weeks is also the call or email it was.
    const touch = handoffs
      .filter((handoff) => handoff.toPartyId === 'sdr')
      .flatMap((handoff) => handoff.events)
      .find((event) => event.type === 'first_touch' && event.atMs > nowMs - 20 * 86_400_000);
    expect(activities.some((activity) => activity.id === `${touch?.id}-activity`)).toBe(true);
    // A whole week back, Tom's six calls a day leave him short of fifty while the others make it.
    const lastWeekEnd = periodBucketAt(nowMs, 'week', timeZone).startMs - 1;
    const calls = activityProgress(rule<ActivityRule>('sdr-calls'), activities, seed.members, {
      nowMs: lastWeekEnd,
      calendar,
    });
    expect(calls.reps.map((rep) => [rep.userId, rep.isMet])).toEqual(
      expect.arrayContaining([
        ['tom', false],
        ['sam', true],
      ]),
    );
  });

  it('leaves live clocks ticking at the start: one near its warning, one breached, one paused', () => {
    const states = handoffs
      .filter((handoff) => handoff.id.startsWith('demo-h'))
      .map((handoff: HandoffWithEvents) => {
        const clock = evaluateClock(rule<ResponseRule>(handoff.rules[0]!.ruleId), handoff, calendar, nowMs);
        return { state: clock.state, isOpen: clock.isOpen, elapsedShare: clock.elapsedMs / clock.targetMs };
      });
    expect(states).toContainEqual(expect.objectContaining({ state: 'running', isOpen: true }));
    expect(states.some((clock) => clock.state === 'running' && clock.elapsedShare > 0.3)).toBe(true);
    expect(states).toContainEqual(expect.objectContaining({ state: 'paused', isOpen: true }));
    expect(states).toContainEqual(expect.objectContaining({ state: 'breached' }));
  });
});
