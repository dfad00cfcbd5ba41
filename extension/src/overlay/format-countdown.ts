import { dateTimeFormat } from './date-time-format.js';

/**
 * Countdown text. Under an hour it reads `14:09`, from an hour `2:05:09`; overdue time keeps
 * counting up with a leading `+`. Screen readers get words instead of colons.
 */
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}

export function formatCountdown(remainingMs: number): string {
  const isOverdue = remainingMs < 0;
  // Round towards "more time used": a countdown showing 0:00 must not still be running.
  const totalSeconds = isOverdue ? Math.ceil(-remainingMs / second) : Math.floor(remainingMs / second);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const body = hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
  return isOverdue ? `+${body}` : body;
}

/** The countdown as a sentence: "1:05:00 business time left", or once breached "over by 26:02:25". */
export function formatCountdownPhrase(remainingMs: number): string {
  return remainingMs < 0
    ? `over by ${formatCountdown(remainingMs).slice(1)}`
    : `${formatCountdown(remainingMs)} business time left`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export function describeCountdown(remainingMs: number): string {
  const isOverdue = remainingMs < 0;
  const totalMinutes = Math.floor(Math.abs(remainingMs) / minute);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (minutes > 0 || hours === 0) {
    parts.push(totalMinutes === 0 ? 'less than a minute' : plural(minutes, 'minute'));
  }
  return `${parts.join(' ')} ${isOverdue ? 'overdue' : 'left'}`;
}

/** The breach time in the rep's zone: `14:30` today, `Tue 09:15` within a week, else a date. */
export function formatBreachTime(
  breachAtMs: number,
  nowMs: number,
  timeZone: string,
  locale = 'en-GB',
): string {
  const dayKey = dateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const time = dateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  if (dayKey.format(breachAtMs) === dayKey.format(nowMs)) return time.format(breachAtMs);
  const withinWeek = Math.abs(breachAtMs - nowMs) < 6 * 24 * hour;
  const day = dateTimeFormat(
    locale,
    withinWeek ? { timeZone, weekday: 'short' } : { timeZone, day: 'numeric', month: 'short' },
  );
  return `${day.format(breachAtMs)} ${time.format(breachAtMs)}`;
}

/** The remaining time at `nowMs` for a clock snapshot, counting down only while it ticks. */
export function remainingAt(
  clock: { remainingMs: number; isTicking: boolean; evaluatedAtMs: number },
  nowMs: number,
): number {
  return clock.isTicking ? clock.remainingMs - Math.max(0, nowMs - clock.evaluatedAtMs) : clock.remainingMs;
}
