import type { ResponseRule } from '../agreement/rule.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { clockTimeline, type JudgedHandoffEvent } from './clock-timeline.js';
import { judgedEventId } from './derived-event-id.js';
import { clockFromTimeline, type VersionedCalendar } from './evaluate-clock.js';
import { judgedEventFor } from './judge-clock.js';

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
  const timeline = clockTimeline(rule, handoff, nowMs);
  const clock = clockFromTimeline(rule, handoff, calendar, nowMs, timeline);
  if (clock.isJudged || (clock.state !== 'met' && clock.state !== 'breached')) return null;
  const occasion = clock.stopEvent ? clock.stopEvent.id : `${clock.legStartedAtMs}:breached`;
  const eventId = judgedEventId(handoff.id, rule.id, occasion);
  return judgedEventFor(rule, handoff, calendar, nowMs, timeline, clock, eventId);
}
