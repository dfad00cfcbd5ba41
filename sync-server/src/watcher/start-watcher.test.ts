import { clockUserId } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  readHandoffLog,
  upsertCalendar,
  upsertDirectoryAgreement,
  upsertRule,
} from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startWatcher, type WatchedRoom } from './start-watcher.js';

// Monday 23 November 2026, 14:00 UTC: business hours in New York (the template's calendar).
const startMs = Date.UTC(2026, 10, 23, 14, 0);
const minuteMs = 60_000;

/** Rooms as the relay holds them: a write is applied to the room's document, as once stored. */
function fakeRelay() {
  const docs = new Map<string, Y.Doc>();
  const writes: string[] = [];
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
    write: async (update) => {
      writes.push(name);
      Y.applyUpdate(docOf(name), update, 'relay');
    },
    release: () => {},
  });
  return { docOf, openRoom, writes };
}

function manualClock(atMs: number) {
  const state = { nowMs: atMs, timers: [] as { atMs: number; run: () => void }[] };
  return {
    state,
    nowMs: () => state.nowMs,
    schedule: (dueMs: number, run: () => void) => {
      const timer = { atMs: dueMs, run };
      state.timers.push(timer);
      return () => {
        state.timers = state.timers.filter((other) => other !== timer);
      };
    },
    /** Moves time to the earliest timer and fires it. */
    fireNext() {
      const next = [...state.timers].sort((a, b) => a.atMs - b.atMs)[0];
      if (next === undefined) throw new Error('no timer set');
      state.timers = state.timers.filter((other) => other !== next);
      state.nowMs = next.atMs;
      next.run();
      return next.atMs;
    },
  };
}

function seededWorkspace(handoffAtMs = startMs, workspace = 'acme', relay = fakeRelay()) {
  const agreementDoc = relay.docOf(`${workspace}/agreement/main`);
  initAgreement(agreementDoc, { id: 'main', title: 'SLA', createdAtMs: handoffAtMs });
  upsertDirectoryAgreement(relay.docOf(`${workspace}/directory`), {
    id: 'main',
    title: 'SLA',
    status: 'active',
  });
  const { events: _events, ...handoff } = testHandoff('maya', handoffAtMs, {
    agreementId: 'main',
    priority: 'hot',
  });
  const log = relay.docOf(handoffsRoomFor(workspace, handoffAtMs));
  expect(appendHandoff(log, handoff).ok).toBe(true);
  const terms = readAgreement(agreementDoc).agreement?.terms;
  const rule = terms?.rules.find((r) => r.id === 'mql-response');
  if (rule?.kind !== 'response' || terms === undefined) throw new Error('template lost its MQL rule');
  return { relay, log, rule, agreementDoc, calendar: terms.calendars[0] };
}

/** The instants the watcher recorded each escalation of the first handoff at, by percent. */
function escalationInstants(log: Y.Doc): Record<number, string> {
  const events = readHandoffLog(log).handoffs[0]?.events ?? [];
  return Object.fromEntries(
    events.flatMap((event) =>
      event.type === 'escalated' ? [[event.atPercent, new Date(event.atMs).toISOString()]] : [],
    ),
  );
}

/** Fires timers until none is left (or `untilMs` is passed), letting each planning run finish. */
async function runUntilQuiet(
  clock: ReturnType<typeof manualClock>,
  watcher: { idle(): Promise<void> },
  untilMs = Infinity,
) {
  for (let fired = 0; fired < 60 && clock.state.timers.length > 0; fired++) {
    const next = Math.min(...clock.state.timers.map((timer) => timer.atMs));
    if (next > untilMs) return;
    clock.fireNext();
    await watcher.idle();
  }
}

describe('startWatcher', () => {
  it('records every rung and the breach once, at their due instants, with nobody connected', async () => {
    const { relay, log, rule } = seededWorkspace();
    const clock = manualClock(startMs + minuteMs);
    const watcher = startWatcher({ ...relay, nowMs: clock.nowMs, schedule: clock.schedule, log: () => {} });
    await watcher.watch('acme');
    const wokeAtMs: number[] = [];
    for (let fired = 0; fired < 40 && clock.state.timers.length > 0; fired++) {
      wokeAtMs.push(clock.fireNext());
      await watcher.idle();
    }
    expect(rule.escalation.length).toBeGreaterThan(0);
    const events = readHandoffLog(log).handoffs[0]?.events ?? [];
    // It woke exactly at each due instant, which is what each event records.
    for (const event of events) expect(wokeAtMs).toContain(event.atMs);
    const escalated = events.filter((event) => event.type === 'escalated');
    const judged = events.filter((event) => event.type === 'judged');
    expect(escalated.map((event) => event.type === 'escalated' && event.atPercent)).toEqual(
      rule.escalation.map((step) => step.atPercent).sort((a, b) => a - b),
    );
    expect(judged).toHaveLength(1);
    expect(judged[0]).toMatchObject({ byUserId: clockUserId, outcome: 'breached' });
    expect(events.every((event) => event.byUserId === clockUserId)).toBe(true);
    // Nothing is written twice however often it re-plans.
    const writes = relay.writes.length;
    await watcher.watch('acme');
    upsertDirectoryAgreement(relay.docOf('acme/directory'), { id: 'main', title: 'SLA 2', status: 'active' });
    await watcher.idle();
    expect(relay.writes.length).toBe(writes);
    watcher.close();
  });

  it('cancels the rungs when a first touch lands before them', async () => {
    const { relay, log } = seededWorkspace();
    const clock = manualClock(startMs + minuteMs);
    const watcher = startWatcher({ ...relay, nowMs: clock.nowMs, schedule: clock.schedule, log: () => {} });
    await watcher.watch('acme');
    expect(clock.state.timers.length).toBe(1);
    appendHandoffEvent(log, {
      id: 'touch',
      handoffId: 'maya',
      atMs: startMs + 2 * minuteMs,
      byUserId: 'sdr-1',
      type: 'first_touch',
    });
    await watcher.idle();
    clock.state.nowMs = startMs + 3 * minuteMs;
    for (let fired = 0; fired < 40 && clock.state.timers.length > 0; fired++) {
      clock.fireNext();
      await watcher.idle();
    }
    const events = readHandoffLog(log).handoffs[0]?.events ?? [];
    expect(events.filter((event) => event.type === 'escalated')).toEqual([]);
    expect(events.filter((event) => event.type === 'judged')).toMatchObject([{ outcome: 'met' }]);
    watcher.close();
  });

  it('fires a rung due after 17:00 on a Friday on Monday, at the minute the calendar says, across the DST change', async () => {
    // Friday 30 October 2026, 16:50 in New York (EDT, UTC-4); the clocks go back on Sunday 1 November.
    // A hot lead has 15 business minutes; its 80 % rung is 12 minutes in: 10 on Friday, 2 on Monday.
    const fridayMs = Date.UTC(2026, 9, 30, 20, 50);
    const { relay, log } = seededWorkspace(fridayMs);
    const clock = manualClock(fridayMs + minuteMs);
    const watcher = startWatcher({ ...relay, nowMs: clock.nowMs, schedule: clock.schedule, log: () => {} });
    await watcher.watch('acme');
    await runUntilQuiet(clock, watcher);
    // Monday 2 November, 09:02 EST (UTC-5) is 14:02 UTC; the breach at 09:05.
    expect(escalationInstants(log)).toEqual({
      80: '2026-11-02T14:02:00.000Z',
      100: '2026-11-02T14:05:00.000Z',
    });
    watcher.close();
  });

  it('moves a rung not yet due when the rule’s target or the calendar changes', async () => {
    const { relay, log, rule, agreementDoc, calendar } = seededWorkspace();
    if (calendar === undefined) throw new Error('no calendar');
    const clock = manualClock(startMs + minuteMs);
    const watcher = startWatcher({ ...relay, nowMs: clock.nowMs, schedule: clock.schedule, log: () => {} });
    await watcher.watch('acme');
    // Before any rung: a hot lead now has 30 minutes (80 % at 24 minutes) ...
    expect(
      upsertRule(agreementDoc, {
        ...rule,
        targetMinutesByPriority: { ...rule.targetMinutesByPriority, hot: 30 },
      }).ok,
    ).toBe(true);
    await watcher.idle();
    // ... and today becomes a holiday: the clock stops at once, and the rungs move to the next
    // business day (Tuesday 24 November, 09:00 New York = 14:00 UTC, plus 24 minutes).
    expect(upsertCalendar(agreementDoc, { ...calendar, holidays: ['2026-11-23'] }).ok).toBe(true);
    await watcher.idle();
    await runUntilQuiet(clock, watcher);
    expect(escalationInstants(log)).toEqual({
      80: '2026-11-24T14:24:00.000Z',
      100: '2026-11-24T14:30:00.000Z',
    });
    watcher.close();
  });

  it('reports its open clocks and armed timers after each plan', async () => {
    const { relay, log } = seededWorkspace();
    const clock = manualClock(startMs + minuteMs);
    const plans: { openClocks: number; isTimerArmed: boolean }[] = [];
    const watcher = startWatcher({
      ...relay,
      nowMs: clock.nowMs,
      schedule: clock.schedule,
      log: () => {},
      onPlanned: (_workspace, plan) => plans.push(plan),
    });
    await watcher.watch('acme');
    expect(plans.at(-1)).toEqual({ openClocks: 1, isTimerArmed: true });
    appendHandoffEvent(log, {
      id: 'touch',
      handoffId: 'maya',
      atMs: startMs + 2 * minuteMs,
      byUserId: 'sam',
      type: 'first_touch',
    });
    clock.state.nowMs = startMs + 2 * minuteMs;
    await watcher.idle();
    await runUntilQuiet(clock, watcher);
    expect(plans.at(-1)).toEqual({ openClocks: 0, isTimerArmed: false });
    watcher.close();
  });

  it('skips a document written by a newer version, says so once, and keeps watching the rest', async () => {
    const relay = fakeRelay();
    const broken = seededWorkspace(startMs, 'acme', relay);
    const healthy = seededWorkspace(startMs, 'globex', relay);
    // A newer release's agreement: its terms may mean what this relay cannot know.
    broken.agreementDoc.getMap('schema').set('v99', true);
    const lines: string[] = [];
    const clock = manualClock(startMs + minuteMs);
    const watcher = startWatcher({
      ...relay,
      nowMs: clock.nowMs,
      schedule: clock.schedule,
      log: (_level, message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    });
    await watcher.watch('acme');
    await watcher.watch('globex');
    // A month of junk in the healthy workspace's log does not stop it either.
    healthy.log.getMap('handoffs').set('junk', { not: 'a handoff' });
    await watcher.idle();
    await runUntilQuiet(clock, watcher);
    expect(Object.keys(escalationInstants(healthy.log))).toHaveLength(2);
    expect(escalationInstants(broken.log)).toEqual({});
    const skipped = lines.filter((line) => line.startsWith('watcher skips a document'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain('acme/agreement/main');
    watcher.close();
  });
});
