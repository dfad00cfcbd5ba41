import { clockUserId } from '@pactline/shared';
import {
  appendHandoff,
  appendHandoffEvent,
  handoffsRoomFor,
  initAgreement,
  readAgreement,
  readHandoffLog,
  upsertDirectoryAgreement,
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

function seededWorkspace() {
  const relay = fakeRelay();
  const agreementDoc = relay.docOf('acme/agreement/main');
  initAgreement(agreementDoc, { id: 'main', title: 'SLA', createdAtMs: startMs });
  upsertDirectoryAgreement(relay.docOf('acme/directory'), { id: 'main', title: 'SLA', status: 'active' });
  const { events: _events, ...handoff } = testHandoff('maya', startMs, { agreementId: 'main' });
  const log = relay.docOf(handoffsRoomFor('acme', startMs));
  expect(appendHandoff(log, handoff).ok).toBe(true);
  const rule = readAgreement(agreementDoc).agreement?.terms.rules.find((r) => r.id === 'mql-response');
  if (rule?.kind !== 'response') throw new Error('template lost its MQL rule');
  return { relay, log, rule };
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
});
