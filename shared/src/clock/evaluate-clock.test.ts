import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResponseRule } from '../agreement/rule.js';
import type { CalendarDefinition } from '../calendar/calendar-schema.js';
import { clockUserId } from '../handoff/clock-user-id.js';
import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';
import { officeCalendar } from '../testing/office-calendar.js';
import { testResponseRule } from '../testing/rules.js';
import { evaluateClock } from './evaluate-clock.js';
import { judgeClock } from './judge-clock.js';
import { nextClockChangeAtMs } from './next-clock-change.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

function office(timeZone: string, version = 3): CalendarDefinition {
  return officeCalendar(timeZone, ['2026-11-26'], { version });
}

function responseRule(overrides: Partial<ResponseRule> = {}): ResponseRule {
  return testResponseRule({
    version: 2,
    escalation: [{ atPercent: 150, notify: [{ kind: 'sender' }] }],
    ...overrides,
  });
}

/** Monday 23 November 2026, UTC, at `hh:mm` plus `days`. */
function mon(time: string, days = 0): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return Date.UTC(2026, 10, 23 + days, hours, minutes);
}

type EventInput = { type: HandoffEvent['type']; atMs: number; id?: string } & Record<string, unknown>;

function handoffWith(startedAtMs: number, events: EventInput[], priority?: string): HandoffWithEvents {
  return {
    id: 'handoff-1',
    agreementId: 'agreement-1',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: '101',
      url: 'https://app.hubspot.com/contacts/1/record/0-1/101',
      displayName: 'Ada Lovelace',
    },
    fromPartyId: 'marketing',
    fromUserId: 'marketer',
    toPartyId: 'sdr',
    toUserId: 'sdr-1',
    ...(priority === undefined ? {} : { priority }),
    checklist: [],
    startedAtMs,
    events: events.map(
      (event, index) =>
        ({ id: `event-${index}`, handoffId: 'handoff-1', byUserId: 'sdr-1', ...event }) as HandoffEvent,
    ),
  };
}

const utc = office('UTC');
const rule = responseRule();

describe('evaluateClock', () => {
  it('counts down a running clock and says when it will breach', () => {
    const clock = evaluateClock(rule, handoffWith(mon('09:00'), []), utc, mon('09:20'));
    expect(clock).toMatchObject({
      state: 'running',
      elapsedMs: 20 * minuteMs,
      remainingMs: 40 * minuteMs,
      targetMs: hourMs,
      thresholdsPassed: [],
      breachAtMs: mon('10:00'),
      pauseReason: null,
      stopEvent: null,
      ruleVersion: 2,
      calendarVersion: 3,
      isJudged: false,
      isOpen: true,
    });
  });

  it('counts a first touch the relay received hours late at its claimed time, or when received if the rule says so', () => {
    // Logged at 13:00, claiming 09:10: offline work, or a backdated first touch.
    const touched = handoffWith(mon('09:00'), [
      { type: 'first_touch', atMs: mon('09:10'), receivedAtMs: mon('13:00') },
    ]);
    expect(evaluateClock(rule, touched, utc, mon('14:00'))).toMatchObject({
      state: 'met',
      elapsedMs: 10 * minuteMs,
    });
    const strict = responseRule({ lateEventsCountAt: 'received' });
    expect(evaluateClock(strict, touched, utc, mon('14:00'))).toMatchObject({
      state: 'breached',
      elapsedMs: 4 * hourMs,
      stopEvent: expect.objectContaining({ atMs: mon('13:00') }),
    });
    // Received within the hour: on time, counted at the time it claims under either rule.
    const onTime = handoffWith(mon('09:00'), [
      { type: 'first_touch', atMs: mon('09:10'), receivedAtMs: mon('09:40') },
    ]);
    expect(evaluateClock(strict, onTime, utc, mon('14:00'))).toMatchObject({ state: 'met' });
    // Not synced yet (no time of receipt): counted at the time it claims.
    const unsynced = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:10') }]);
    expect(evaluateClock(strict, unsynced, utc, mon('14:00'))).toMatchObject({ state: 'met' });
  });

  it('warns at each threshold, then breaches at the target and goes negative', () => {
    const handoff = handoffWith(mon('09:00'), []);
    expect(evaluateClock(rule, handoff, utc, mon('09:30'))).toMatchObject({
      state: 'warning',
      thresholdsPassed: [50],
    });
    expect(evaluateClock(rule, handoff, utc, mon('09:50'))).toMatchObject({ thresholdsPassed: [50, 80] });
    expect(evaluateClock(rule, handoff, utc, mon('10:00'))).toMatchObject({
      state: 'breached',
      remainingMs: 0,
    });
    expect(evaluateClock(rule, handoff, utc, mon('10:10'))).toMatchObject({
      state: 'breached',
      remainingMs: -10 * minuteMs,
      breachAtMs: mon('10:00'),
    });
  });

  it('picks the target by priority, and the default for an unknown priority', () => {
    expect(evaluateClock(rule, handoffWith(mon('09:00'), [], 'hot'), utc, mon('09:05')).targetMs).toBe(
      15 * minuteMs,
    );
    expect(evaluateClock(rule, handoffWith(mon('09:00'), [], 'cold'), utc, mon('09:05')).targetMs).toBe(
      hourMs,
    );
  });

  it('stops counting outside business hours and carries over to the next morning', () => {
    const clock = evaluateClock(rule, handoffWith(mon('16:30'), []), utc, mon('18:00'));
    expect(clock).toMatchObject({
      state: 'outside_hours',
      elapsedMs: 30 * minuteMs,
      breachAtMs: mon('09:30', 1),
    });
  });

  it('carries a Wednesday-afternoon handoff over the Thanksgiving holiday', () => {
    const clock = evaluateClock(rule, handoffWith(mon('16:30', 2), []), utc, mon('12:00', 3));
    expect(clock).toMatchObject({
      state: 'outside_hours',
      elapsedMs: 30 * minuteMs,
      breachAtMs: mon('09:30', 4),
    });
  });

  it('pauses for an allowed reason and resumes without counting the pause', () => {
    const events: EventInput[] = [
      { type: 'paused', atMs: mon('09:10'), reason: 'Waiting for marketing data' },
      { type: 'resumed', atMs: mon('09:40') },
    ];
    const paused = evaluateClock(rule, handoffWith(mon('09:00'), events), utc, mon('09:30'));
    expect(paused).toMatchObject({
      state: 'paused',
      elapsedMs: 10 * minuteMs,
      breachAtMs: null,
      pauseReason: 'Waiting for marketing data',
    });
    const resumed = evaluateClock(rule, handoffWith(mon('09:00'), events), utc, mon('09:50'));
    expect(resumed).toMatchObject({ state: 'running', elapsedMs: 20 * minuteMs, breachAtMs: mon('10:30') });
  });

  it('ignores a pause whose reason the rule does not allow', () => {
    const events: EventInput[] = [{ type: 'paused', atMs: mon('09:10'), reason: 'Busy' }];
    const clock = evaluateClock(rule, handoffWith(mon('09:00'), events), utc, mon('09:20'));
    expect(clock).toMatchObject({ state: 'running', elapsedMs: 20 * minuteMs, pauseReason: null });
  });

  it('is met when the first touch comes before the deadline and keeps the stop event', () => {
    const events: EventInput[] = [
      { type: 'accepted', atMs: mon('09:05') },
      { type: 'first_touch', atMs: mon('09:45'), channel: 'phone' },
    ];
    const clock = evaluateClock(rule, handoffWith(mon('09:00'), events), utc, mon('12:00'));
    expect(clock).toMatchObject({ state: 'met', elapsedMs: 45 * minuteMs, breachAtMs: null, isOpen: false });
    expect(clock.stopEvent).toMatchObject({ type: 'first_touch', atMs: mon('09:45') });
  });

  it('is breached when the response comes at the deadline or over the weekend after a Friday deadline', () => {
    const atDeadline = evaluateClock(
      rule,
      handoffWith(mon('09:00'), [{ type: 'rejected', atMs: mon('10:00'), reason: 'Not a fit' }]),
      utc,
      mon('12:00'),
    );
    expect(atDeadline.state).toBe('breached');
    const friday = mon('16:00', -3);
    const saturdayTouch = evaluateClock(
      rule,
      handoffWith(friday, [{ type: 'first_touch', atMs: mon('11:00', -2) }]),
      utc,
      mon('12:00'),
    );
    expect(saturdayTouch).toMatchObject({ state: 'breached', elapsedMs: hourMs });
  });

  it('keeps counting through a reassignment unless the rule resets on reassign', () => {
    const events: EventInput[] = [{ type: 'reassigned', atMs: mon('09:40'), toUserId: 'sdr-2' }];
    const handoff = handoffWith(mon('09:00'), events);
    expect(evaluateClock(rule, handoff, utc, mon('09:50')).elapsedMs).toBe(50 * minuteMs);
    const resetting = responseRule({ isResetOnReassign: true });
    expect(evaluateClock(resetting, handoff, utc, mon('09:50'))).toMatchObject({
      elapsedMs: 10 * minuteMs,
      legStartedAtMs: mon('09:40'),
      breachAtMs: mon('10:40'),
    });
  });

  it('keeps the outcome and versions of a recorded judgement after the rule and calendar change', () => {
    const judged: EventInput = {
      type: 'judged',
      atMs: mon('09:45'),
      ruleId: 'mql-response',
      outcome: 'met',
      ruleVersion: 1,
      calendarVersion: 1,
      elapsedMs: 45 * minuteMs,
      targetMs: hourMs,
      stoppedAtMs: mon('09:45'),
    };
    const otherRule: EventInput = { ...judged, ruleId: 'sql-first-touch', outcome: 'breached' };
    const handoff = handoffWith(mon('09:00'), [
      otherRule,
      judged,
      { type: 'first_touch', atMs: mon('09:45'), id: 'a-touch' },
    ]);
    const stricter = responseRule({ targetMinutes: 30, version: 7 });
    const clock = evaluateClock(stricter, handoff, office('UTC', 9), mon('12:00'));
    expect(clock).toMatchObject({
      state: 'met',
      elapsedMs: 45 * minuteMs,
      targetMs: hourMs,
      ruleVersion: 1,
      calendarVersion: 1,
      isJudged: true,
      isOpen: false,
    });
    // Recomputed under the new rule it would have been a breach.
    const withoutJudgement = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:45') }]);
    expect(evaluateClock(stricter, withoutJudgement, office('UTC', 9), mon('12:00')).state).toBe('breached');
  });

  it('recomputes when a first touch made offline before the deadline syncs after a breach was judged', () => {
    const judgedBreach: EventInput = {
      type: 'judged',
      atMs: mon('10:05'),
      ruleId: 'mql-response',
      outcome: 'breached',
      ruleVersion: 2,
      calendarVersion: 3,
      elapsedMs: 65 * minuteMs,
      targetMs: hourMs,
    };
    const lateTouch: EventInput = { type: 'first_touch', atMs: mon('09:50') };
    const judgedOnly = evaluateClock(rule, handoffWith(mon('09:00'), [judgedBreach]), utc, mon('12:00'));
    expect(judgedOnly).toMatchObject({ state: 'breached', isJudged: true });
    const synced = evaluateClock(
      rule,
      handoffWith(mon('09:00'), [judgedBreach, lateTouch]),
      utc,
      mon('12:00'),
    );
    expect(synced).toMatchObject({ state: 'met', elapsedMs: 50 * minuteMs, isJudged: false });
  });

  it('orders events by time and breaks ties by id, not by insertion order', () => {
    const pause: EventInput = {
      type: 'paused',
      atMs: mon('09:10'),
      reason: 'Waiting for marketing data',
      id: 'b',
    };
    const resume: EventInput = { type: 'resumed', atMs: mon('09:10'), id: 'c' };
    const touch: EventInput = { type: 'first_touch', atMs: mon('09:10'), id: 'a' };
    const forwards = evaluateClock(
      rule,
      handoffWith(mon('09:00'), [pause, resume, touch]),
      utc,
      mon('09:30'),
    );
    const backwards = evaluateClock(
      rule,
      handoffWith(mon('09:00'), [resume, touch, pause]),
      utc,
      mon('09:30'),
    );
    expect(forwards).toEqual(backwards);
    expect(forwards).toMatchObject({ state: 'met', elapsedMs: 10 * minuteMs });
  });

  it('ignores events recorded for a later time than now', () => {
    const handoff = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:45') }]);
    expect(evaluateClock(rule, handoff, utc, mon('09:20')).state).toBe('running');
  });

  it('counts the New York fall-back hour twice for an overnight round-the-clock rule', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const roundTheClock: CalendarDefinition = {
      ...office('America/New_York'),
      week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    };
    // 00:00 EDT on Sunday 1 November 2026 is 04:00 UTC; 11:00 UTC is 06:00 EST: six wall-clock hours, seven real ones.
    const clock = evaluateClock(
      responseRule({ targetMinutes: 8 * 60 }),
      handoffWith(Date.UTC(2026, 10, 1, 4), []),
      roundTheClock,
      Date.UTC(2026, 10, 1, 11),
    );
    expect(clock.elapsedMs).toBe(7 * hourMs);
  });
});

describe('judgeClock', () => {
  const recordedBy = { eventId: 'judged-1' };

  it('records nothing for a clock that is still running', () => {
    expect(judgeClock(rule, handoffWith(mon('09:00'), []), utc, mon('09:20'), recordedBy)).toBeNull();
  });

  it('records a met clock with its versions, and the recorded judgement then wins', () => {
    const handoff = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:45') }]);
    const event = judgeClock(rule, handoff, utc, mon('12:00'), recordedBy);
    expect(event).toEqual({
      id: 'judged-1',
      handoffId: 'handoff-1',
      atMs: mon('09:45'),
      byUserId: clockUserId,
      type: 'judged',
      ruleId: 'mql-response',
      outcome: 'met',
      ruleVersion: 2,
      calendarVersion: 3,
      elapsedMs: 45 * minuteMs,
      targetMs: hourMs,
      stoppedAtMs: mon('09:45'),
    });
    const judgedHandoff = { ...handoff, events: [...handoff.events, event as HandoffEvent] };
    expect(judgeClock(rule, judgedHandoff, utc, mon('13:00'), recordedBy)).toBeNull();
    expect(evaluateClock(responseRule({ version: 5 }), judgedHandoff, utc, mon('13:00'))).toMatchObject({
      isJudged: true,
      ruleVersion: 2,
    });
  });

  it('records a breach as soon as an open clock is overdue, at the breach instant', () => {
    const event = judgeClock(rule, handoffWith(mon('09:00'), []), utc, mon('10:05'), recordedBy);
    expect(event).toMatchObject({ outcome: 'breached', atMs: mon('10:00'), elapsedMs: hourMs });
    expect(event).not.toHaveProperty('stoppedAtMs');
  });

  it('records the identical entry whenever it is judged, across a pause and a weekend', () => {
    // 4 h target from Friday 13:00, paused 14:00-15:00: 3 h by 17:00, the last hour on Monday.
    const fourHours = responseRule({ targetMinutes: 240, allowedPauseReasons: ['waiting'] });
    const handoff = handoffWith(mon('13:00', 4), [
      { type: 'paused', atMs: mon('14:00', 4), reason: 'waiting' },
      { type: 'resumed', atMs: mon('15:00', 4) },
    ]);
    const early = judgeClock(fourHours, handoff, utc, mon('10:00', 7), recordedBy);
    const late = judgeClock(fourHours, handoff, utc, mon('16:30', 8), recordedBy);
    expect(early).toMatchObject({ atMs: mon('10:00', 7), elapsedMs: 4 * hourMs });
    expect(late).toEqual(early);
  });
});

describe('nextClockChangeAtMs', () => {
  it('points at the next threshold, then the breach, then an escalation rung after it', () => {
    const handoff = handoffWith(mon('09:00'), []);
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('09:20'))).toBe(mon('09:30'));
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('09:30'))).toBe(mon('09:48'));
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('09:50'))).toBe(mon('10:00'));
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('10:00'))).toBe(mon('10:30'));
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('10:30'))).toBeNull();
  });

  it('points at closing time and at the next opening for a clock that spans the night', () => {
    const handoff = handoffWith(mon('16:50'), []);
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('16:55'))).toBe(mon('17:00'));
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('20:00'))).toBe(mon('09:00', 1));
  });

  it('has nothing to wait for while paused or after a stop, except a recorded later event', () => {
    const paused = handoffWith(mon('09:00'), [
      { type: 'paused', atMs: mon('09:10'), reason: 'Waiting for marketing data' },
    ]);
    expect(nextClockChangeAtMs(rule, paused, utc, mon('09:20'))).toBeNull();
    const stopped = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:10') }]);
    expect(nextClockChangeAtMs(rule, stopped, utc, mon('09:20'))).toBeNull();
    expect(nextClockChangeAtMs(rule, stopped, utc, mon('09:05'))).toBe(mon('09:10'));
  });
});

// Property tests over random event sequences in a DST zone with a holiday.

const newYork = office('America/New_York');
const startMs = Date.UTC(2026, 9, 29, 13); // Thursday 29 October 2026, 09:00 EDT, before fall-back.

const eventArbitrary: fc.Arbitrary<EventInput> = fc
  .oneof(
    fc.record({
      type: fc.constant('paused' as const),
      reason: fc.constantFrom('Waiting for marketing data', 'Busy'),
    }),
    fc.record({ type: fc.constant('resumed' as const) }),
    fc.record({ type: fc.constant('reassigned' as const), toUserId: fc.constant('sdr-2') }),
    fc.record({ type: fc.constant('first_touch' as const) }),
    fc.record({ type: fc.constant('accepted' as const) }),
  )
  .map((event) => ({ ...event, atMs: 0 }));

/** Events at distinct minute-aligned times within six days of the start. */
const eventsArbitrary = fc
  .uniqueArray(fc.integer({ min: -60, max: 6 * 24 * 60 }), { maxLength: 8 })
  .chain((minutes) =>
    fc.tuple(...minutes.map(() => eventArbitrary)).map((events) =>
      events.map((event, index) => ({
        ...event,
        atMs: startMs + (minutes[index] as number) * minuteMs,
        id: `e${index}`,
      })),
    ),
  );

const ruleArbitrary = fc
  .record({
    targetMinutes: fc.constantFrom(60, 480),
    isResetOnReassign: fc.boolean(),
    stopOn: fc.constantFrom<ResponseRule['stopOn']>(['first_touch'], ['accepted', 'first_touch']),
  })
  .map((overrides) => responseRule(overrides));

const nowArbitrary = fc.integer({ min: 0, max: 8 * 24 * 60 }).map((minutes) => startMs + minutes * minuteMs);

describe('evaluateClock properties', () => {
  it('has remaining + elapsed = target while the clock runs', () => {
    fc.assert(
      fc.property(ruleArbitrary, eventsArbitrary, nowArbitrary, (anyRule, events, nowMs) => {
        const clock = evaluateClock(anyRule, handoffWith(startMs, events), newYork, nowMs);
        if (clock.state === 'running' || clock.state === 'warning' || clock.state === 'outside_hours') {
          expect(clock.remainingMs + clock.elapsedMs).toBe(clock.targetMs);
          expect(clock.remainingMs).toBeGreaterThan(0);
          expect(clock.breachAtMs).toBeGreaterThan(nowMs);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('never counts more elapsed time because of a pause', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        eventsArbitrary,
        nowArbitrary,
        fc.integer({ min: 0, max: 6 * 24 * 60 }),
        (anyRule, events, nowMs, pauseMinute) => {
          const pause: EventInput = {
            type: 'paused',
            reason: 'Waiting for marketing data',
            atMs: startMs + pauseMinute * minuteMs + 1,
            id: 'pause',
          };
          const without = evaluateClock(anyRule, handoffWith(startMs, events), newYork, nowMs);
          const withPause = evaluateClock(anyRule, handoffWith(startMs, [...events, pause]), newYork, nowMs);
          expect(withPause.elapsedMs).toBeLessThanOrEqual(without.elapsedMs);
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });

  it('does not depend on the order in which events were inserted', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        eventsArbitrary.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        nowArbitrary,
        (anyRule, [events, shuffled], nowMs) => {
          expect(evaluateClock(anyRule, handoffWith(startMs, shuffled), newYork, nowMs)).toEqual(
            evaluateClock(anyRule, handoffWith(startMs, events), newYork, nowMs),
          );
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });

  it('never loses elapsed time as now advances, unless a reassignment resets the clock', () => {
    fc.assert(
      fc.property(ruleArbitrary, eventsArbitrary, nowArbitrary, nowArbitrary, (anyRule, events, a, b) => {
        const noReset = { ...anyRule, isResetOnReassign: false };
        const handoff = handoffWith(startMs, events);
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        expect(evaluateClock(noReset, handoff, newYork, earlier).elapsedMs).toBeLessThanOrEqual(
          evaluateClock(noReset, handoff, newYork, later).elapsedMs,
        );
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('breaches exactly at the announced breach instant, also when it falls in a repeated hour', () => {
    const night = [{ start: '00:30', end: '03:00' }];
    const nightShift: CalendarDefinition = {
      ...office('America/New_York'),
      week: { mon: night, tue: night, wed: night, thu: night, fri: night, sat: night, sun: night },
    };
    // Saturday 31 October 2026, 20:00 EDT: the next night holds the repeated 01:00 hour.
    const nightStartMs = Date.UTC(2026, 10, 1, 0);
    const shifted = (events: EventInput[]) =>
      events.map((event) => ({ ...event, atMs: event.atMs - startMs + nightStartMs }));
    let breachesInRepeatedHour = 0;
    fc.assert(
      fc.property(
        ruleArbitrary,
        fc.integer({ min: 2, max: 16 }),
        eventsArbitrary,
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (anyRule, quarterHours, events, nowMinute) => {
          const targetRule = { ...anyRule, targetMinutes: quarterHours * 15 };
          const handoff = handoffWith(nightStartMs, shifted(events));
          const nowMs = nightStartMs + nowMinute * minuteMs;
          const clock = evaluateClock(targetRule, handoff, nightShift, nowMs);
          if (clock.breachAtMs === null || clock.state === 'breached') return;
          const later = handoff.events.map((event) => event.atMs).filter((atMs) => atMs > nowMs);
          if (Math.min(...later) <= clock.breachAtMs) return;
          if (clock.breachAtMs >= Date.UTC(2026, 10, 1, 6) && clock.breachAtMs < Date.UTC(2026, 10, 1, 7)) {
            breachesInRepeatedHour++;
          }
          expect(evaluateClock(targetRule, handoff, nightShift, clock.breachAtMs - 1).state).not.toBe(
            'breached',
          );
          expect(evaluateClock(targetRule, handoff, nightShift, clock.breachAtMs)).toMatchObject({
            state: 'breached',
            elapsedMs: clock.targetMs,
          });
        },
      ),
      { seed: 16, numRuns: 300 },
    );
    // The second 01:00-02:00 (EST) is 06:00-07:00 UTC; some generated deadlines must land there.
    expect(breachesInRepeatedHour).toBeGreaterThan(0);
  });

  it('shows the same state and thresholds until the announced next change', () => {
    fc.assert(
      fc.property(
        ruleArbitrary,
        eventsArbitrary,
        nowArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (anyRule, events, nowMs, fraction) => {
          const handoff = handoffWith(startMs, events);
          const nextMs = nextClockChangeAtMs(anyRule, handoff, newYork, nowMs);
          const horizonMs = nextMs ?? nowMs + 10 * 24 * hourMs;
          expect(horizonMs).toBeGreaterThan(nowMs);
          const laterMs = nowMs + Math.floor((horizonMs - 1 - nowMs) * fraction);
          const now = evaluateClock(anyRule, handoff, newYork, nowMs);
          const later = evaluateClock(anyRule, handoff, newYork, laterMs);
          expect(later.state).toBe(now.state);
          expect(later.thresholdsPassed).toEqual(now.thresholdsPassed);
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });
});
