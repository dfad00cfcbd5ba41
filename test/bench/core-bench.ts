/**
 * Benchmark of the SLA core (not a test). tsx is a dev dependency of this package, so run it from
 * `test/` with `npx tsx bench/core-bench.ts`, or from the root with
 * `pnpm --filter @pactline/test exec tsx bench/core-bench.ts`.
 *
 * 1. Clock evaluations per second over realistic handoffs: New York office hours with the 2026 US
 *    holidays, 1-hour and 8-hour targets, pauses, reassignments and first touches, starts spread
 *    over 2026 so both DST transitions are crossed.
 * 2. addBusinessTime against moment-business-time (with moment-timezone) on the same 10,000 cases,
 *    both checked against a brute-force reference that reads every minute's wall clock with Intl.
 * 3. The same comparison on a night shift (01:00–04:00 daily) around both 2026 New York
 *    transitions, where the skipped and the repeated hour fall inside business hours.
 *
 * It imports the shared sources directly (tsx compiles them), so it measures the working tree
 * without a build, and can reach the brute-force reference that the package does not export.
 */
import moment from 'moment-timezone';
import 'moment-business-time';
import { seededRandom } from '../../scripts/seed/seeded-random.js';
import {
  referenceIsBusinessMinute,
  wallClockFormatter,
} from '../../shared/src/calendar/brute-force-business-time.js';
import type {
  CalendarDefinition,
  HandoffEvent,
  HandoffWithEvents,
  ResponseRule,
} from '../../shared/src/index.js';
import { addBusinessTime, evaluateClock, nextClockChangeAtMs } from '../../shared/src/index.js';
import { officeCalendar } from '../../shared/src/testing/office-calendar.js';
import { testResponseRule } from '../../shared/src/testing/rules.js';

declare module 'moment' {
  interface Moment {
    /** Added by moment-business-time, which ships no types. */
    addWorkingTime(amount: number, unit: 'minutes' | 'hours'): Moment;
  }
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
const timeZone = 'America/New_York';
const usHolidays2026 = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
];

function newYorkOffice(): CalendarDefinition {
  return officeCalendar(timeZone, usHolidays2026, { name: 'New York office' });
}

const random = seededRandom(20261122);
const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const year2026Ms = Date.UTC(2026, 0, 1);

function rule(id: string, targetMinutes: number): ResponseRule {
  return testResponseRule({
    id,
    name: id,
    targetMinutes,
    targetMinutesByPriority: {},
    escalation: [{ atPercent: 100, notify: [{ kind: 'sender' }] }],
  });
}

function realisticHandoff(index: number, targetMinutes: number): HandoffWithEvents {
  const startedAtMs = year2026Ms + integer(0, 360 * 24 * 60) * minuteMs;
  const events: HandoffEvent[] = [];
  const event = (type: HandoffEvent['type'], atMs: number, extra: Record<string, unknown> = {}) =>
    events.push({
      id: `h${index}-e${events.length}`,
      handoffId: `h${index}`,
      atMs,
      byUserId: 'sdr-1',
      type,
      ...extra,
    } as HandoffEvent);
  let atMs = startedAtMs;
  if (random() < 0.3) {
    atMs += integer(5, 120) * minuteMs;
    event('paused', atMs, { reason: 'Waiting for marketing data' });
    atMs += integer(10, 600) * minuteMs;
    event('resumed', atMs);
  }
  if (random() < 0.2) {
    atMs += integer(5, 240) * minuteMs;
    event('reassigned', atMs, { toUserId: 'sdr-2' });
  }
  if (random() < 0.7) {
    atMs += integer(1, 3 * targetMinutes) * minuteMs;
    event('first_touch', atMs);
  }
  return {
    id: `h${index}`,
    agreementId: 'agreement-1',
    rules: [{ ruleId: `target-${targetMinutes}`, ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: `${index}`,
      url: 'https://app.hubspot.com/x',
      displayName: 'Lead',
    },
    fromPartyId: 'marketing',
    fromUserId: 'marketer',
    toPartyId: 'sdr',
    toUserId: 'sdr-1',
    checklist: [],
    startedAtMs,
    events,
  };
}

function benchClocks(): void {
  const calendar = newYorkOffice();
  const rules = [rule('target-60', 60), rule('target-480', 480)];
  const handoffCount = 2_000;
  const nowsPerHandoff = 50;
  const cases = Array.from({ length: handoffCount }, (_, index) => {
    const targetRule = rules[index % 2] as ResponseRule;
    const handoff = realisticHandoff(index, targetRule.targetMinutes);
    const nows = Array.from(
      { length: nowsPerHandoff },
      () => handoff.startedAtMs + integer(0, 5 * 24 * 60) * minuteMs,
    );
    return { rule: targetRule, handoff, nows };
  });
  const states = new Map<string, number>();
  const startedAt = performance.now();
  for (const { rule: targetRule, handoff, nows } of cases) {
    for (const nowMs of nows) {
      const clock = evaluateClock(targetRule, handoff, calendar, nowMs);
      states.set(clock.state, (states.get(clock.state) ?? 0) + 1);
    }
  }
  const elapsedMs = performance.now() - startedAt;
  const evaluations = handoffCount * nowsPerHandoff;
  console.log(`clock evaluations: ${evaluations.toLocaleString('en-US')} in ${elapsedMs.toFixed(0)} ms`);
  console.log(
    `  ${Math.round((evaluations / elapsedMs) * 1000).toLocaleString('en-US')} evaluations per second`,
  );
  console.log(`  states: ${[...states].map(([state, count]) => `${state} ${count}`).join(', ')}`);

  const nextStartedAt = performance.now();
  for (const { rule: targetRule, handoff, nows } of cases.slice(0, 200)) {
    for (const nowMs of nows) nextClockChangeAtMs(targetRule, handoff, calendar, nowMs);
  }
  const nextMs = performance.now() - nextStartedAt;
  console.log(
    `  nextClockChangeAtMs: ${Math.round(((200 * nowsPerHandoff) / nextMs) * 1000).toLocaleString('en-US')} per second`,
  );
}

/**
 * The brute-force reference over a fixed span: one Intl wall-clock reading per minute, computed once,
 * then a deadline is found by stepping minute by minute.
 */
function referenceMinutes(calendar: CalendarDefinition, fromMs: number, toMs: number): Uint8Array {
  const formatter = wallClockFormatter(calendar.timeZone);
  const minutes = new Uint8Array((toMs - fromMs) / minuteMs);
  for (let index = 0; index < minutes.length; index++) {
    minutes[index] = referenceIsBusinessMinute(fromMs + index * minuteMs, calendar, formatter) ? 1 : 0;
  }
  return minutes;
}

function benchAddBusinessTime(): void {
  const caseCount = 10_000;
  const spanFromMs = year2026Ms - 2 * dayMs;
  const spanToMs = Date.UTC(2027, 0, 31);
  const referenceStartedAt = performance.now();
  const minutes = referenceMinutes(newYorkOffice(), spanFromMs, spanToMs);
  console.log(
    `\nreference: ${minutes.length.toLocaleString('en-US')} minutes read through Intl in ${(performance.now() - referenceStartedAt).toFixed(0)} ms`,
  );
  const referenceAdd = (startMs: number, durationMinutes: number) => {
    let index = (startMs - spanFromMs) / minuteMs;
    let remaining = durationMinutes;
    while (remaining > 0) {
      if (index >= minutes.length) throw new Error('case runs past the reference span');
      remaining -= minutes[index] as number;
      index++;
    }
    return spanFromMs + index * minuteMs;
  };

  // Starts anywhere in 2026 (a quarter of them within two days of a DST transition), durations
  // from 1 minute to three 8-hour days.
  const transitions = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)];
  const cases = Array.from({ length: caseCount }, () => {
    const nearTransition = random() < 0.25;
    const startMs = nearTransition
      ? (transitions[integer(0, 1)] as number) + integer(-2 * 24 * 60, 2 * 24 * 60) * minuteMs
      : year2026Ms + integer(0, 364 * 24 * 60) * minuteMs;
    return { startMs, durationMinutes: integer(1, 3 * 8 * 60) };
  });
  const expected = cases.map(({ startMs, durationMinutes }) => referenceAdd(startMs, durationMinutes));

  const calendar = newYorkOffice();
  const oursColdStartedAt = performance.now();
  const ours = cases.map(({ startMs, durationMinutes }) =>
    addBusinessTime(startMs, durationMinutes * minuteMs, calendar),
  );
  const oursColdMs = performance.now() - oursColdStartedAt;
  const repeats = 5;
  const oursWarmStartedAt = performance.now();
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const { startMs, durationMinutes } of cases)
      addBusinessTime(startMs, durationMinutes * minuteMs, calendar);
  }
  const oursWarmMs = (performance.now() - oursWarmStartedAt) / repeats;

  moment.updateLocale('en', {
    workinghours: {
      0: null,
      1: ['09:00:00', '17:00:00'],
      2: ['09:00:00', '17:00:00'],
      3: ['09:00:00', '17:00:00'],
      4: ['09:00:00', '17:00:00'],
      5: ['09:00:00', '17:00:00'],
      6: null,
    },
    holidays: usHolidays2026,
  } as moment.LocaleSpecification);
  const momentStartedAt = performance.now();
  const theirs = cases.map(({ startMs, durationMinutes }) =>
    moment.tz(startMs, timeZone).addWorkingTime(durationMinutes, 'minutes').valueOf(),
  );
  const momentMs = performance.now() - momentStartedAt;

  const oursWrong = ours.filter((value, index) => value !== expected[index]).length;
  const theirsWrong = theirs.filter((value, index) => value !== expected[index]).length;
  console.log(
    `addBusinessTime on ${caseCount.toLocaleString('en-US')} cases in ${timeZone} with 11 holidays:`,
  );
  console.log(`  ours, first pass (builds the calendar cache): ${oursColdMs.toFixed(1)} ms`);
  console.log(`  ours, warm (mean of ${repeats} passes):          ${oursWarmMs.toFixed(1)} ms`);
  console.log(`  moment-business-time:                        ${momentMs.toFixed(1)} ms`);
  console.log(
    `  speed ratio: ${(momentMs / oursWarmMs).toFixed(1)}x warm, ${(momentMs / oursColdMs).toFixed(1)}x first pass`,
  );
  console.log(
    `  disagreements with the brute-force reference: ours ${oursWrong}, moment-business-time ${theirsWrong}`,
  );
  const firstTheirs = theirs.findIndex((value, index) => value !== expected[index]);
  if (firstTheirs >= 0) {
    const example = cases[firstTheirs] as { startMs: number; durationMinutes: number };
    console.log(
      `  e.g. start ${new Date(example.startMs).toISOString()} + ${example.durationMinutes} min: reference ${new Date(expected[firstTheirs] as number).toISOString()}, moment-business-time ${new Date(theirs[firstTheirs] as number).toISOString()}`,
    );
  }
  if (oursWrong > 0) process.exitCode = 1;
}

function benchNightShiftAcrossTransitions(): void {
  const night = [{ start: '01:00', end: '04:00' }];
  const calendar: CalendarDefinition = {
    ...newYorkOffice(),
    week: { mon: night, tue: night, wed: night, thu: night, fri: night, sat: night, sun: night },
    holidays: [],
  };
  moment.updateLocale('en', {
    workinghours: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((day) => [day, ['01:00:00', '04:00:00']])),
    holidays: [],
  } as moment.LocaleSpecification);
  let oursWrong = 0;
  let theirsWrong = 0;
  let caseCount = 0;
  let example = '';
  for (const transitionMs of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
    const spanFromMs = transitionMs - 4 * dayMs;
    const minutes = referenceMinutes(calendar, spanFromMs, transitionMs + 8 * dayMs);
    for (let index = 0; index < 1_000; index++) {
      const startMs = transitionMs + integer(-3 * 24 * 60, 24 * 60) * minuteMs;
      const durationMinutes = integer(1, 3 * 180);
      let minute = (startMs - spanFromMs) / minuteMs;
      for (let remaining = durationMinutes; remaining > 0; minute++) remaining -= minutes[minute] as number;
      const expectedMs = spanFromMs + minute * minuteMs;
      const ours = addBusinessTime(startMs, durationMinutes * minuteMs, calendar);
      const theirs = moment.tz(startMs, timeZone).addWorkingTime(durationMinutes, 'minutes').valueOf();
      caseCount++;
      if (ours !== expectedMs) oursWrong++;
      if (theirs !== expectedMs) {
        theirsWrong++;
        example ||= `start ${new Date(startMs).toISOString()} + ${durationMinutes} min: reference ${new Date(expectedMs).toISOString()}, moment-business-time ${new Date(theirs).toISOString()}`;
      }
    }
  }
  console.log(
    `\nnight shift 01:00-04:00 daily, ${caseCount.toLocaleString('en-US')} cases around both 2026 ${timeZone} transitions:`,
  );
  console.log(
    `  disagreements with the brute-force reference: ours ${oursWrong}, moment-business-time ${theirsWrong}`,
  );
  if (example !== '') console.log(`  e.g. ${example}`);
  if (oursWrong > 0) process.exitCode = 1;
}

benchClocks();
benchAddBusinessTime();
benchNightShiftAcrossTransitions();
