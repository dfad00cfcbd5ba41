import type { HandoffWithEvents } from '@pactline/shared';
import { officeCalendar, type TestEvent, testHandoff, testResponseRule } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { clockSnapshot } from './clock-snapshot.js';

const calendar = officeCalendar('Europe/Berlin', ['2026-12-25']);
const rule = testResponseRule({ allowedPauseReasons: ['Lead asked to be contacted later'] });

// Berlin is UTC+1 in November: 10:00 local is 09:00 UTC.
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour - 1, minute);
const minute = 60_000;

function handoff(startedAtMs: number, events: TestEvent[] = [], priority?: string): HandoffWithEvents {
  return testHandoff('h1', startedAtMs, {
    agreementId: 'a1',
    rules: [{ ruleId: rule.id, ruleVersion: 1 }],
    ...(priority ? { priority } : {}),
    events,
  });
}

describe('clockSnapshot', () => {
  it('runs during business hours and counts down from the target', () => {
    const result = clockSnapshot(rule, handoff(at(23, 10)), calendar, at(23, 10, 20));
    expect(result).toMatchObject({
      state: 'running',
      elapsedMs: 20 * minute,
      remainingMs: 40 * minute,
      isTicking: true,
    });
    expect(result.breachAtMs).toBe(at(23, 11));
    expect(result.nextChangeAtMs).toBe(at(23, 10, 30));
  });

  it('warns from the first threshold and uses the priority target', () => {
    const result = clockSnapshot(rule, handoff(at(23, 10), [], 'hot'), calendar, at(23, 10, 8));
    expect(result).toMatchObject({ state: 'warning', remainingMs: 7 * minute, crossedPercents: [50] });
  });

  it('is outside business hours overnight and breaches the next morning', () => {
    const result = clockSnapshot(rule, handoff(at(23, 16, 30)), calendar, at(23, 20));
    expect(result).toMatchObject({ state: 'outside_hours', elapsedMs: 30 * minute, isTicking: false });
    expect(result.breachAtMs).toBe(at(24, 9, 30));
    expect(result.nextChangeAtMs).toBe(at(24, 9));
  });

  it('skips the weekend and the holiday', () => {
    const friday = clockSnapshot(rule, handoff(at(27, 16, 45)), calendar, at(27, 16, 50));
    expect(friday.breachAtMs).toBe(at(30, 9, 45));
    const christmasEve = Date.UTC(2026, 11, 24, 15, 45); // Thu 24 Dec 16:45 Berlin
    const result = clockSnapshot(rule, handoff(christmasEve), calendar, christmasEve);
    expect(result.breachAtMs).toBe(Date.UTC(2026, 11, 28, 8, 45)); // Mon 28 Dec 09:45, Friday the 25th off
  });

  it('holds still while paused, with the reason, and counts again after resuming', () => {
    const paused = handoff(at(23, 10), [
      { type: 'paused', atMs: at(23, 10, 10), reason: 'Lead asked to be contacted later' },
    ]);
    expect(clockSnapshot(rule, paused, calendar, at(23, 15))).toMatchObject({
      state: 'paused',
      pauseReason: 'Lead asked to be contacted later',
      elapsedMs: 10 * minute,
      breachAtMs: null,
    });
    const resumed = handoff(at(23, 10), [
      { type: 'paused', atMs: at(23, 10, 10), reason: 'Lead asked to be contacted later' },
      { type: 'resumed', atMs: at(23, 14) },
    ]);
    expect(clockSnapshot(rule, resumed, calendar, at(23, 14, 5))).toMatchObject({
      state: 'running',
      elapsedMs: 15 * minute,
    });
  });

  it('is met when a stop event comes in time and breached when it comes late', () => {
    const met = handoff(at(23, 10), [{ type: 'first_touch', atMs: at(23, 10, 45) }]);
    expect(clockSnapshot(rule, met, calendar, at(23, 16))).toMatchObject({
      state: 'met',
      elapsedMs: 45 * minute,
      nextChangeAtMs: null,
    });
    const late = handoff(at(23, 10), [{ type: 'first_touch', atMs: at(23, 11, 30) }]);
    expect(clockSnapshot(rule, late, calendar, at(23, 16))).toMatchObject({
      state: 'breached',
      remainingMs: -30 * minute,
    });
  });

  it('does not stop on an event the rule does not list', () => {
    const accepted = handoff(at(23, 10), [{ type: 'accepted', atMs: at(23, 10, 5) }]);
    expect(clockSnapshot(rule, accepted, calendar, at(23, 11, 5))).toMatchObject({
      state: 'breached',
      remainingMs: -5 * minute,
    });
  });
});
