import { addBusinessTime } from '@pactline/shared';
import type { EvaluatedClock } from './record-clocks.js';

/**
 * Notifications at each warning threshold and at the breach. An alarm is set for the wall time of
 * each threshold still ahead (chrome.alarms wakes the worker then); on waking, thresholds crossed
 * and not yet announced become notifications. A threshold's key is stable, so a restarted worker
 * announces nothing twice.
 */
export interface ThresholdAlarm {
  name: string;
  whenMs: number;
}

export interface ThresholdNotice {
  key: string;
  title: string;
  message: string;
  url: string;
}

export const alarmPrefix = 'pactline-threshold:';

function thresholdKey(clock: EvaluatedClock, percent: number): string {
  return `${clock.handoff.id}:${clock.rule.id}:${percent}`;
}

function thresholds(clock: EvaluatedClock): number[] {
  return [...clock.rule.warningPercents, 100];
}

export function upcomingAlarms(clocks: readonly EvaluatedClock[], nowMs: number): ThresholdAlarm[] {
  return clocks.flatMap((clock) => {
    if (clock.result.state === 'paused' || clock.result.isStopped) return [];
    return thresholds(clock)
      .filter((percent) => !clock.result.crossedPercents.includes(percent))
      .map((percent) => {
        const leftMs = (clock.result.targetMs * percent) / 100 - clock.result.elapsedMs;
        return {
          name: `${alarmPrefix}${thresholdKey(clock, percent)}`,
          whenMs: addBusinessTime(nowMs, leftMs, clock.calendar),
        };
      });
  });
}

export function dueNotices(
  clocks: readonly EvaluatedClock[],
  alreadyNotified: ReadonlySet<string>,
): ThresholdNotice[] {
  return clocks.flatMap((clock) =>
    clock.result.crossedPercents
      .filter((percent) => !alreadyNotified.has(thresholdKey(clock, percent)))
      // Only the highest crossed threshold is worth a notification; the lower ones are marked as told.
      .filter((percent) => percent === Math.max(...clock.result.crossedPercents))
      .map((percent) => ({
        key: thresholdKey(clock, percent),
        title: percent >= 100 ? `Breached: ${clock.rule.name}` : `${percent} % used: ${clock.rule.name}`,
        message: `${clock.handoff.lead.displayName || clock.handoff.lead.recordId} — ${clock.view.fromParty} → ${clock.view.toParty}`,
        url: clock.handoff.lead.url,
      })),
  );
}

/** Every crossed threshold, for marking lower ones as told along with the one announced. */
export function crossedKeys(clocks: readonly EvaluatedClock[]): string[] {
  return clocks.flatMap((clock) =>
    clock.result.crossedPercents.map((percent) => thresholdKey(clock, percent)),
  );
}
