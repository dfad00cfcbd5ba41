import { type HandoffEvent, type HandoffWithEvents, judgementDue, templateTerms } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import { describe, expect, it } from 'vitest';
import { clocksOf } from './clocks-of';

// Office hours 09:00–17:00 UTC on weekdays; Monday 2026-03-02. Hot leads have 15 minutes.
const terms = templateTerms('UTC');
const monday9 = Date.UTC(2026, 2, 2, 9);
const minute = 60_000;

function hotLead(events: HandoffEvent[] = []): HandoffWithEvents {
  return { ...testHandoff('hot', monday9, { agreementId: 'sla', priority: 'hot' }), events };
}

function judgedBreach(): HandoffWithEvents {
  const rule = terms.rules.find((candidate) => candidate.id === 'mql-response');
  const calendar = terms.calendars[0];
  if (rule?.kind !== 'response' || calendar === undefined) throw new Error('template changed');
  const judged = judgementDue(rule, hotLead(), calendar, monday9 + 20 * minute);
  if (judged === null) throw new Error('no breach to judge');
  return hotLead([judged]);
}

describe('clocksOf', () => {
  it('keeps counting how far over a judged breach is while nobody has responded', () => {
    const [at30, at40] = [30, 40].map(
      (minutes) => clocksOf(judgedBreach(), terms, monday9 + minutes * minute)[0],
    );
    expect(at30).toMatchObject({
      clock: { state: 'breached', isOpen: true, isJudged: true, remainingMs: -15 * minute },
    });
    expect(at40).toMatchObject({ clock: { remainingMs: -25 * minute } });
  });

  it('stops counting once the late response is logged, and keeps the judged breach', () => {
    const handoff = judgedBreach();
    const touch: HandoffEvent = {
      id: 't',
      handoffId: 'hot',
      type: 'first_touch',
      atMs: monday9 + 45 * minute,
      byUserId: 'sam',
    };
    const [item] = clocksOf({ ...handoff, events: [...handoff.events, touch] }, terms, monday9 + 60 * minute);
    expect(item).toMatchObject({ clock: { state: 'breached', isOpen: false, isJudged: true } });
  });
});
