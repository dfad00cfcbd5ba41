import { describe, expect, it } from 'vitest';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { type TestEvent, testHandoff } from '../testing/handoffs.js';
import { weekdaysNineToFive } from '../testing/office-calendar.js';
import { agingBuckets } from './aging-buckets.js';

const hourMs = 3_600_000;
const office = weekdaysNineToFive('UTC');

function handoff(id: string, startedAtMs: number, events: TestEvent[] = []): HandoffWithEvents {
  return testHandoff(id, startedAtMs, { events });
}

const nowMs = Date.UTC(2026, 10, 23, 12); // Monday noon
const handoffs = [
  handoff('friday-late', Date.UTC(2026, 10, 20, 16)), // 1 h Friday + 3 h Monday = 4 h
  handoff('just-now', Date.UTC(2026, 10, 23, 11, 30)), // 30 min
  handoff('touched', Date.UTC(2026, 10, 23, 9), [
    { type: 'first_touch', atMs: Date.UTC(2026, 10, 23, 9, 10) },
  ]),
  handoff('accepted', Date.UTC(2026, 10, 23, 11), [
    { type: 'accepted', atMs: Date.UTC(2026, 10, 23, 11, 5) },
  ]),
  handoff('this-morning', Date.UTC(2026, 10, 23, 10)), // 2 h
  handoff('last-tuesday', Date.UTC(2026, 10, 17, 9)), // 4 × 8 h + 3 h = 35 h
  handoff('two-weeks', Date.UTC(2026, 10, 9, 9)), // 10 × 8 h + 3 h = 83 h
  handoff('touched-later', Date.UTC(2026, 10, 23, 9), [
    { type: 'first_touch', atMs: Date.UTC(2026, 10, 23, 13) },
  ]),
];

describe('agingBuckets', () => {
  it('buckets untouched handoffs by business time waited, oldest first', () => {
    const buckets = agingBuckets(handoffs, { nowMs, calendar: office });
    expect(
      buckets.map((bucket) => [
        bucket.fromMs / hourMs,
        bucket.toMs === null ? null : bucket.toMs / hourMs,
        bucket.handoffIds,
      ]),
    ).toEqual([
      [0, 1, ['just-now']],
      [1, 4, ['touched-later', 'this-morning']],
      [4, 8, ['friday-late']],
      [8, 40, ['last-tuesday']],
      [40, null, ['two-weeks']],
    ]);
  });

  it('counts wall-clock time without a calendar, so the weekend ages a lead', () => {
    const buckets = agingBuckets(handoffs, { nowMs, edgesMs: [24 * hourMs] });
    expect(buckets.map((bucket) => bucket.count)).toEqual([3, 3]);
    expect(buckets[1]?.handoffIds).toEqual(['two-weeks', 'last-tuesday', 'friday-late']);
  });
});
