import type { ResponseRule } from '../agreement/rule.js';
import { businessTimeBetween, nextBusinessBoundaryAfter } from '../calendar/business-hours.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { clockTimeline } from './clock-timeline.js';
import type { VersionedCalendar } from './evaluate-clock.js';
import { clockFromTimeline, deadlineOrNull } from './evaluate-clock.js';

/**
 * The next instant after `nowMs` at which `evaluateClock` would show something different if no new
 * event is recorded: a warning threshold or escalation rung is reached, the clock breaches, business
 * hours open or close (running ⇄ outside_hours), or an already recorded event with a later time
 * takes effect. Null when nothing will change by itself (stopped, judged, paused, or no business
 * time left). The extension schedules its alarms and badge updates with it.
 */
export function nextClockChangeAtMs(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
): number | null {
  const timeline = clockTimeline(rule, handoff, nowMs);
  const clock = clockFromTimeline(rule, handoff, calendar, nowMs, timeline);
  const candidates: number[] = [];
  if (timeline.nextEventAtMs !== null) candidates.push(timeline.nextEventAtMs);
  const openFromMs = timeline.openStretchFromMs;
  if (clock.isOpen && openFromMs !== null) {
    let closedMs = 0;
    for (const stretch of timeline.closedStretches) {
      closedMs += businessTimeBetween(stretch.fromMs, stretch.toMs, calendar);
    }
    const percents = new Set([
      100,
      ...rule.warningPercents,
      ...rule.escalation.map((step) => step.atPercent),
    ]);
    for (const percent of percents) {
      const neededMs = (clock.targetMs * percent) / 100;
      if (clock.elapsedMs >= neededMs || closedMs >= neededMs) continue;
      const atMs = deadlineOrNull(openFromMs, neededMs - closedMs, calendar);
      if (atMs !== null) candidates.push(atMs);
    }
    if (clock.state !== 'breached') {
      const boundaryMs = nextBusinessBoundaryAfter(nowMs, calendar);
      if (boundaryMs !== null) candidates.push(boundaryMs);
    }
  }
  const future = candidates.filter((atMs) => atMs > nowMs);
  return future.length === 0 ? null : Math.min(...future);
}
