import type { ResponseRule } from '../agreement/rule.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import type { JudgedHandoffEvent } from './clock-timeline.js';
import { judgedEventId } from './derived-event-id.js';
import type { VersionedCalendar } from './evaluate-clock.js';
import { evaluateClock } from './evaluate-clock.js';
import { judgeClock } from './judge-clock.js';

/**
 * The `judged` event a clock needs at `nowMs` (met or breached, not yet recorded), with the id and
 * content every writer derives alike; null when there is nothing to record.
 */
export function judgementDue(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
): JudgedHandoffEvent | null {
  const clock = evaluateClock(rule, handoff, calendar, nowMs);
  if (clock.isJudged || (clock.state !== 'met' && clock.state !== 'breached')) return null;
  const occasion = clock.stopEvent ? clock.stopEvent.id : `${clock.legStartedAtMs}:breached`;
  return judgeClock(rule, handoff, calendar, nowMs, {
    eventId: judgedEventId(handoff.id, rule.id, occasion),
  });
}
