import { type HandoffEvent, type HandoffWithEvents, templateTerms } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { rowClocks } from './row-clock';

// Office hours 09:00–17:00 UTC on weekdays; Monday 2026-03-02.
const terms = templateTerms('UTC');
const monday9 = Date.UTC(2026, 2, 2, 9);
const minute = 60_000;

function handoff(id: string, events: HandoffEvent[], priority?: string): HandoffWithEvents {
  return {
    ...testHandoff(id, monday9, { agreementId: 'sla', fromUserId: 'mia', ...(priority ? { priority } : {}) }),
    events,
  };
}

describe('row clocks', () => {
  it('gives the business response time of an answered handoff and the breach time of an open one', () => {
    const answered = handoff('answered', [
      { id: 't', handoffId: 'answered', type: 'first_touch', atMs: monday9 + 30 * minute, byUserId: 'sam' },
    ]);
    const open = handoff('open', [], 'hot');
    const clocks = rowClocks([answered, open], new Map([['sla', terms]]), monday9 + 60 * minute);
    expect(clocks.get('answered')).toEqual({ responseMs: 30 * minute, breachAtMs: null, outcome: 'met' });
    expect(clocks.get('open')).toEqual({
      responseMs: null,
      breachAtMs: monday9 + 15 * minute,
      outcome: null,
    });
  });

  it('leaves handoffs of an agreement it does not have without a clock', () => {
    expect(rowClocks([handoff('x', [])], new Map(), monday9).size).toBe(0);
  });
});
