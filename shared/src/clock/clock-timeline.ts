import type { ResponseRule } from '../agreement/rule.js';
import { clockUserId } from '../handoff/clock-user-id.js';
import { compareEvents, type HandoffEvent, type HandoffWithEvents } from '../handoff/handoff.js';
import { recordedLateByMs } from '../handoff/recorded-late.js';

/**
 * A handoff's events folded into what a response clock needs, as of `nowMs`:
 * - Events are taken in order of `atMs`, ties broken by `id`, so the order in which devices
 *   appended them never matters. Events after `nowMs` have not happened yet. Under a rule whose
 *   `lateEventsCountAt` is `received`, a member's event the relay received late counts at the
 *   time the relay received it instead.
 * - The first event whose type is in `rule.stopOn` stops the clock; later events are ignored.
 * - A pause counts only if its reason is among `rule.allowedPauseReasons`; a second pause while
 *   paused, or a resume while running, changes nothing.
 * - A reassignment starts the clock again from zero only when `rule.isResetOnReassign`; a `judged`
 *   event recorded before such a reset belongs to the previous receiver and no longer applies.
 * - The earliest `judged` event for the rule that still applies is the recorded outcome. A
 *   judgement recorded while the clock was open (no `stoppedAtMs`) no longer applies when the log
 *   now shows a stop before it: a device that was offline synced its first touch late.
 */

export type StopHandoffEvent = Extract<HandoffEvent, { type: 'accepted' | 'first_touch' | 'rejected' }>;
export type JudgedHandoffEvent = Extract<HandoffEvent, { type: 'judged' }>;

/** A stretch of wall time during which business time accrued (a pause ends one). */
export interface ClockStretch {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface ClockTimeline {
  /** When the current leg began: the handoff's start, or the last resetting reassignment. */
  readonly legStartedAtMs: number;
  /** Closed stretches of the current leg, before the open one. */
  readonly closedStretches: readonly ClockStretch[];
  /** Start of the stretch still accruing, or null while paused or after the stop. */
  readonly openStretchFromMs: number | null;
  readonly pauseReason: string | null;
  readonly stopEvent: StopHandoffEvent | null;
  readonly judged: JudgedHandoffEvent | null;
  /** The first event after `nowMs`, if any: when the clock's inputs change next. */
  readonly nextEventAtMs: number | null;
}

/** The events in the order and at the times the rule counts them. */
function eventsAsCounted(rule: ResponseRule, events: readonly HandoffEvent[]): HandoffEvent[] {
  if (rule.lateEventsCountAt !== 'received') return [...events].sort(compareEvents);
  return events
    .map((event) => {
      // The clock's own outcomes are derived, not claimed: they keep their time.
      if (event.byUserId === clockUserId || event.receivedAtMs === undefined) return event;
      return recordedLateByMs(event.atMs, event.receivedAtMs, event.imported) === null
        ? event
        : { ...event, atMs: event.receivedAtMs };
    })
    .sort(compareEvents);
}

export function clockTimeline(rule: ResponseRule, handoff: HandoffWithEvents, nowMs: number): ClockTimeline {
  const events = eventsAsCounted(rule, handoff.events);
  const stopTypes = new Set<string>(rule.stopOn);
  const pauseReasons = new Set(rule.allowedPauseReasons);
  let legStartedAtMs = handoff.startedAtMs;
  let closedStretches: ClockStretch[] = [];
  let openFromMs: number | null = handoff.startedAtMs;
  let pauseReason: string | null = null;
  let stopEvent: StopHandoffEvent | null = null;
  let judged: JudgedHandoffEvent | null = null;
  let nextEventAtMs: number | null = null;

  const close = (atMs: number) => {
    if (openFromMs === null) return;
    const toMs = Math.max(openFromMs, atMs);
    if (toMs > openFromMs) closedStretches.push({ fromMs: openFromMs, toMs });
    openFromMs = null;
  };

  for (const event of events) {
    if (event.atMs > nowMs) {
      nextEventAtMs = event.atMs;
      break;
    }
    // The clock runs from the handoff's start: anything stamped earlier takes effect at the start.
    const atMs = Math.max(event.atMs, handoff.startedAtMs);
    if (stopTypes.has(event.type) && stopEvent === null) {
      close(atMs);
      stopEvent = event as StopHandoffEvent;
      pauseReason = null;
      continue;
    }
    if (event.type === 'judged') {
      // A breach judged while the clock looked open, before a stop that synced late, is stale.
      const isStale = event.stoppedAtMs === undefined && stopEvent !== null;
      if (event.ruleId === rule.id && judged === null && !isStale) judged = event;
      continue;
    }
    if (stopEvent !== null) continue;
    if (event.type === 'paused' && pauseReason === null && pauseReasons.has(event.reason)) {
      close(atMs);
      pauseReason = event.reason;
    } else if (event.type === 'resumed' && pauseReason !== null) {
      pauseReason = null;
      openFromMs = atMs;
    } else if (event.type === 'reassigned' && rule.isResetOnReassign) {
      legStartedAtMs = atMs;
      closedStretches = [];
      judged = null;
      if (pauseReason === null) openFromMs = atMs;
    }
  }
  return {
    legStartedAtMs,
    closedStretches,
    openStretchFromMs: openFromMs,
    pauseReason,
    stopEvent,
    judged,
    nextEventAtMs,
  };
}
