import { type HandoffWithEvents, templateTerms } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { createClockPlanner } from './clock-planner.js';
import { derivedEventsDue } from './derived-events-due.js';

// Monday 23 November 2026, 14:00 UTC: business hours in New York (the template's calendar).
const startMs = Date.UTC(2026, 10, 23, 14, 0);
const minuteMs = 60_000;

describe('the clock planner', () => {
  it('plans exactly as derivedEventsDue at every instant, while events are written and edits land', () => {
    const terms = templateTerms();
    const agreement = { id: 'main', terms } as Parameters<typeof derivedEventsDue>[0][number];
    let agreements = [agreement];
    let revision = 0;
    let handoffs: HandoffWithEvents[] = Array.from({ length: 40 }, (_, index) =>
      testHandoff(`h${index}`, startMs + index * 7 * minuteMs, {
        agreementId: 'main',
        priority: index % 3 === 0 ? 'warm' : 'hot',
      }),
    );
    const planner = createClockPlanner();
    let nowMs = startMs;
    for (let step = 0; step < 200; step++) {
      const expected = derivedEventsDue(agreements, handoffs, nowMs);
      const planned = planner.plan(agreements, revision, handoffs, nowMs);
      expect(planned).toEqual(expected);
      // The due events are written (as the watcher does), and now and then a rep touches a lead
      // or an editor changes the hot target.
      const byHandoff = new Map<string, typeof expected.events>();
      for (const event of expected.events)
        byHandoff.set(event.handoffId, [...(byHandoff.get(event.handoffId) ?? []), event]);
      handoffs = handoffs.map((handoff, index) => {
        const added = [...(byHandoff.get(handoff.id) ?? [])];
        if (step % 17 === 5 && index === step % handoffs.length)
          added.push({
            id: `touch-${step}`,
            handoffId: handoff.id,
            atMs: nowMs,
            byUserId: 'sam',
            type: 'first_touch',
          });
        return added.length === 0 ? handoff : { ...handoff, events: [...handoff.events, ...added] };
      });
      if (step === 60) {
        const rules = terms.rules.map((rule) =>
          rule.kind === 'response' ? { ...rule, targetMinutesByPriority: { hot: 30, warm: 240 } } : rule,
        );
        agreements = [{ ...agreement, terms: { ...terms, rules } }];
        revision++;
      }
      nowMs = expected.nextAtMs ?? nowMs + 30 * minuteMs;
    }
    expect(handoffs.some((handoff) => handoff.events.some((event) => event.type === 'judged'))).toBe(true);
  });
});
