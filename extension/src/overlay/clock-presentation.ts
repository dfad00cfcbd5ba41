import type { ClockState, ClockView, HistoryEntry, RecordView } from '../protocol/record-view.js';
import { remainingAt } from './format-countdown.js';

/** Each state has a word and a glyph as well as a colour, so it never rests on colour alone. */
export const stateLabels: Record<ClockState, { label: string; glyph: string }> = {
  running: { label: 'Running', glyph: '▶' },
  paused: { label: 'Paused', glyph: '❚❚' },
  outside_hours: { label: 'Outside business hours', glyph: '☾' },
  warning: { label: 'Warning', glyph: '!' },
  breached: { label: 'Breached', glyph: '✕' },
  met: { label: 'Met', glyph: '✓' },
};

export const eventLabels: Record<HistoryEntry['type'], string> = {
  handed_off: 'Handed off',
  accepted: 'Accepted',
  first_touch: 'First touch',
  rejected: 'Rejected',
  paused: 'Paused',
  resumed: 'Resumed',
  reassigned: 'Reassigned',
  escalated: 'Escalated',
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
};

const openStates: ReadonlySet<ClockState> = new Set([
  'running',
  'paused',
  'outside_hours',
  'warning',
  'breached',
]);

export function isOpen(clock: Pick<ClockView, 'state'>): boolean {
  return openStates.has(clock.state);
}

/**
 * The clock the badge shows: the open one with the least time left; with none open, the most
 * recently evaluated closed one so the rep sees it was met or breached.
 */
export function headlineClock(clocks: readonly ClockView[], nowMs: number): ClockView | undefined {
  const open = clocks.filter(isOpen);
  if (open.length > 0) {
    return open.reduce((best, clock) =>
      remainingAt(clock, nowMs) < remainingAt(best, nowMs) ? clock : best,
    );
  }
  return clocks.at(-1);
}

/** A ticking clock that ran out locally shows as breached until the background confirms. */
export function displayedState(clock: ClockView, nowMs: number): ClockState {
  if (clock.isTicking && remainingAt(clock, nowMs) < 0 && isOpen(clock)) return 'breached';
  return clock.state;
}

/** Manual ticks from the rep merged with automatic items the background judged from the page. */
export function checklistDone(
  view: RecordView,
  manualTicks: Readonly<Record<string, boolean>>,
): Record<string, boolean> {
  const done: Record<string, boolean> = {};
  for (const item of view.checklist.items) {
    done[item.id] = item.autoCheck ? item.autoCheck.result === 'passed' : manualTicks[item.id] === true;
  }
  return done;
}

export function missingRequiredItems(
  view: RecordView,
  manualTicks: Readonly<Record<string, boolean>>,
): string[] {
  const done = checklistDone(view, manualTicks);
  return view.checklist.items.filter((item) => item.isRequired && !done[item.id]).map((item) => item.label);
}

/** A lead can be handed off when it has no open handoff and every required item is done. */
export function canHandOff(view: RecordView, manualTicks: Readonly<Record<string, boolean>>): boolean {
  return (
    !view.isReadOnly && !view.clocks.some(isOpen) && missingRequiredItems(view, manualTicks).length === 0
  );
}
