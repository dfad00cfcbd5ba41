import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockUserId } from '../handoff/clock-user-id.js';
import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';
import { type TestEvent, testHandoff } from '../testing/handoffs.js';
import { officeCalendar } from '../testing/office-calendar.js';
import { testResponseRule } from '../testing/rules.js';
import { escalationsDue } from './escalations-due.js';
import { nextClockChangeAtMs } from './next-clock-change.js';

const minuteMs = 60_000;
const utc = officeCalendar('UTC');
const rule = testResponseRule({
  escalation: [
    { atPercent: 80, notify: [{ kind: 'receiver' }, { kind: 'party', partyId: 'sdr' }] },
    { atPercent: 100, notify: [{ kind: 'user', userId: 'director' }, { kind: 'sender' }] },
  ],
});

/** Monday 23 November 2026, UTC, at `hh:mm` plus `days`. */
function mon(time: string, days = 0): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return Date.UTC(2026, 10, 23 + days, hours, minutes);
}

function handoffWith(startedAtMs: number, events: TestEvent[] = []): HandoffWithEvents {
  return testHandoff('handoff-1', startedAtMs, { toUserId: 'sdr-1', events });
}

describe('escalationsDue', () => {
  it('keeps the channels a rung names apart from its people, and events without channels unchanged', () => {
    const withChannel = testResponseRule({
      escalation: [
        {
          atPercent: 100,
          notify: [{ kind: 'channel', channelId: 'sales-ops', name: '#sales-ops' }, { kind: 'receiver' }],
        },
      ],
    });
    const [event] = escalationsDue(withChannel, handoffWith(mon('09:00')), utc, mon('10:30'));
    expect(event).toMatchObject({
      notifiedUserIds: ['sdr-1'],
      targets: [{ kind: 'receiver' }],
      channels: [{ kind: 'channel', channelId: 'sales-ops', name: '#sales-ops' }],
    });
    const [plain] = escalationsDue(rule, handoffWith(mon('09:00')), utc, mon('10:30'));
    expect(plain).not.toHaveProperty('channels');
  });

  it('records each rung reached at the instant it was reached, with its targets and reason', () => {
    const handoff = handoffWith(mon('09:00'));
    expect(escalationsDue(rule, handoff, utc, mon('09:47'))).toEqual([]);
    expect(escalationsDue(rule, handoff, utc, mon('10:30'))).toEqual([
      {
        id: `handoff-1:escalated:mql-response:${mon('09:00')}:80`,
        handoffId: 'handoff-1',
        atMs: mon('09:48'),
        byUserId: clockUserId,
        type: 'escalated',
        ruleId: 'mql-response',
        atPercent: 80,
        notifiedUserIds: ['sdr-1'],
        targets: [{ kind: 'receiver' }, { kind: 'party', partyId: 'sdr' }],
        reason: 'rung',
      },
      {
        id: `handoff-1:escalated:mql-response:${mon('09:00')}:100`,
        handoffId: 'handoff-1',
        atMs: mon('10:00'),
        byUserId: clockUserId,
        type: 'escalated',
        ruleId: 'mql-response',
        atPercent: 100,
        notifiedUserIds: ['director', 'marketer'],
        targets: [{ kind: 'user', userId: 'director' }, { kind: 'sender' }],
        reason: 'breached',
      },
    ]);
  });

  it('records nothing more once a rung is in the log', () => {
    const handoff = handoffWith(mon('09:00'));
    const [first] = escalationsDue(rule, handoff, utc, mon('09:50'));
    const recorded = { ...handoff, events: [first as HandoffEvent] };
    expect(escalationsDue(rule, recorded, utc, mon('09:55'))).toEqual([]);
  });

  it('cancels rungs after a first touch, and holds them back during a pause', () => {
    const touched = handoffWith(mon('09:00'), [{ type: 'first_touch', atMs: mon('09:47') }]);
    expect(escalationsDue(rule, touched, utc, mon('11:00'))).toEqual([]);
    const paused = handoffWith(mon('09:00'), [
      { type: 'paused', atMs: mon('09:47'), reason: 'Waiting for marketing data' },
    ]);
    expect(escalationsDue(rule, paused, utc, mon('16:00'))).toEqual([]);
  });

  it('moves a rung when the rule is edited', () => {
    const handoff = handoffWith(mon('09:00'));
    const edited = {
      ...rule,
      version: 2,
      escalation: [{ atPercent: 50, notify: [{ kind: 'sender' as const }] }],
    };
    expect(nextClockChangeAtMs(edited, handoff, utc, mon('09:20'))).toBe(mon('09:30'));
    expect(escalationsDue(edited, handoff, utc, mon('09:31'))).toMatchObject([
      { atPercent: 50, atMs: mon('09:30') },
    ]);
  });

  it('fires a rung due after 17:00 on Friday at the right minute on Monday', () => {
    const handoff = handoffWith(mon('16:30', 4));
    // 48 of 60 business minutes: 30 on Friday, 18 on Monday from 09:00.
    expect(nextClockChangeAtMs(rule, handoff, utc, mon('16:59', 4))).toBe(mon('17:00', 4));
    expect(escalationsDue(rule, handoff, utc, mon('09:17', 7))).toEqual([]);
    expect(escalationsDue(rule, handoff, utc, mon('09:18', 7))).toMatchObject([
      { atPercent: 80, atMs: mon('09:18', 7) },
    ]);
  });

  it('gives every writer the same events whenever it looks', () => {
    const handoff = handoffWith(mon('09:00'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (a, b) => {
          const early = escalationsDue(rule, handoff, utc, mon('10:00') + Math.min(a, b) * minuteMs);
          const late = escalationsDue(rule, handoff, utc, mon('10:00') + Math.max(a, b) * minuteMs);
          expect(late).toEqual(early);
        },
      ),
      { seed: 10, numRuns: 100 },
    );
  });
});
