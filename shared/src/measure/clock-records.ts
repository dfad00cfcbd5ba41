import type { ResponseRule, Rule } from '../agreement/rule.js';
import { InvalidCalendarError } from '../calendar/business-ranges.js';
import type { CalendarDefinition } from '../calendar/calendar-schema.js';
import type { ClockResult } from '../clock/evaluate-clock.js';
import { evaluateClock } from '../clock/evaluate-clock.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { compareEvents } from '../handoff/handoff.js';

/**
 * Every response clock of a set of handoffs, evaluated once at `nowMs`, with the receiving party and
 * rep as of `nowMs` (the handoff's receiver, changed by later reassignments). Measures are computed
 * from these records. A handoff whose rule or calendar the agreement no longer has (or whose
 * calendar is invalid) is not measured but reported in `unmeasured`, so a dashboard can say what it
 * left out and why instead of failing as a whole.
 */

export interface ClockRecord {
  readonly handoff: HandoffWithEvents;
  readonly rule: ResponseRule;
  readonly calendar: CalendarDefinition;
  readonly clock: ClockResult;
  readonly partyId: string;
  readonly repId: string | null;
}

export interface UnmeasuredClock {
  readonly handoffId: string;
  readonly ruleId: string;
  readonly code:
    | 'unknown_rule'
    | 'not_a_response_rule'
    | 'unknown_calendar'
    | 'invalid_calendar'
    | 'not_started';
}

export interface ClockRecords {
  readonly records: readonly ClockRecord[];
  readonly unmeasured: readonly UnmeasuredClock[];
}

export interface ClockRecordsInput {
  readonly handoffs: readonly HandoffWithEvents[];
  readonly rules: readonly Rule[];
  readonly calendars: readonly CalendarDefinition[];
  readonly nowMs: number;
}

export function clockRecords(input: ClockRecordsInput): ClockRecords {
  const rulesById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const calendarsById = new Map(input.calendars.map((calendar) => [calendar.id, calendar]));
  const records: ClockRecord[] = [];
  const unmeasured: UnmeasuredClock[] = [];
  for (const handoff of input.handoffs) {
    for (const { ruleId } of handoff.rules) {
      const rule = rulesById.get(ruleId);
      const skip = (code: UnmeasuredClock['code']) =>
        unmeasured.push({ handoffId: handoff.id, ruleId, code });
      if (handoff.startedAtMs > input.nowMs) {
        skip('not_started');
        continue;
      }
      if (rule === undefined) {
        skip('unknown_rule');
        continue;
      }
      if (rule.kind !== 'response') {
        skip('not_a_response_rule');
        continue;
      }
      const calendar = calendarsById.get(rule.calendarId);
      if (calendar === undefined) {
        skip('unknown_calendar');
        continue;
      }
      let clock: ClockResult;
      try {
        clock = evaluateClock(rule, handoff, calendar, input.nowMs);
      } catch (error) {
        if (!(error instanceof InvalidCalendarError)) throw error;
        skip('invalid_calendar');
        continue;
      }
      const { partyId, repId } = receiverAt(handoff, input.nowMs);
      records.push({ handoff, rule, calendar, clock, partyId, repId });
    }
  }
  return { records, unmeasured };
}

/** The receiving party and rep as of `nowMs`, after reassignments. */
export function receiverAt(
  handoff: HandoffWithEvents,
  nowMs: number,
): { partyId: string; repId: string | null } {
  let partyId = handoff.toPartyId;
  let repId = handoff.toUserId ?? null;
  for (const event of [...handoff.events].sort(compareEvents)) {
    if (event.atMs > nowMs) break;
    if (event.type !== 'reassigned') continue;
    if (event.toPartyId !== undefined) {
      // A move to another party's queue drops the rep unless one is named.
      if (event.toPartyId !== partyId) repId = null;
      partyId = event.toPartyId;
    }
    if (event.toUserId !== undefined) repId = event.toUserId;
  }
  return { partyId, repId };
}

/** Business response time of a clock that has an outcome, or null while it has none. */
export function responseTimeMs(clock: ClockResult): number | null {
  if (clock.isJudged || clock.stopEvent !== null) return clock.elapsedMs;
  return null;
}
