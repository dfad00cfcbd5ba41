import type { ClockResult } from '@pactline/shared';
import { formatCountdownMs, formatDurationMs } from './format';

type PhrasedClock = Pick<
  ClockResult,
  'state' | 'isOpen' | 'remainingMs' | 'elapsedMs' | 'targetMs' | 'stopEvent'
>;

/**
 * What a clock says in words: a countdown while it is open ("1:05:00 left", "over by 26:02:25");
 * once stopped, how long the response took against the goal ("met in 3 h 00 min of 8 h 00 min");
 * a breach judged before anyone responded says so rather than quoting a response time.
 */
export function clockPhrase(clock: PhrasedClock): string {
  const goal = formatDurationMs(clock.targetMs);
  if (clock.isOpen) {
    return clock.remainingMs >= 0
      ? `${formatCountdownMs(clock.remainingMs)} left`
      : `over by ${formatCountdownMs(clock.remainingMs)}`;
  }
  if (clock.state === 'met') return `met in ${formatDurationMs(clock.elapsedMs)} of ${goal}`;
  if (clock.stopEvent === null) return `no response within ${goal}`;
  return `answered in ${formatDurationMs(clock.elapsedMs)}, over the ${goal} goal`;
}
