import { businessTimeBetween } from '../calendar/business-hours.js';
import type { BusinessCalendar } from '../calendar/calendar-schema.js';
import type { ClockTimeline } from './clock-timeline.js';
import { deadlineOrNull } from './evaluate-clock.js';

/**
 * The instant at which the current leg had counted `neededMs` of business time: inside a closed
 * stretch if it got there before a pause, else in the open stretch. Null when the clock never gets
 * there as things stand (paused or stopped short of it, or no business time left).
 */
export function elapsedInstantMs(
  timeline: ClockTimeline,
  neededMs: number,
  calendar: BusinessCalendar,
): number | null {
  let countedMs = 0;
  for (const stretch of timeline.closedStretches) {
    const stretchMs = businessTimeBetween(stretch.fromMs, stretch.toMs, calendar);
    if (countedMs + stretchMs >= neededMs)
      return deadlineOrNull(stretch.fromMs, neededMs - countedMs, calendar);
    countedMs += stretchMs;
  }
  if (timeline.openStretchFromMs === null) return null;
  return deadlineOrNull(timeline.openStretchFromMs, neededMs - countedMs, calendar);
}
