import {
  type AgreementTerms,
  type ClockResult,
  type ClockState,
  evaluateClock,
  type HandoffWithEvents,
  type ResponseRule,
} from '@pactline/shared';
import { useEffect, useState } from 'preact/hooks';
import { clockPhrase } from './clock-phrase';
import { formatDateTime, formatDurationMs } from './format';

/**
 * The live SLA clocks of one handoff, one per rule it started, recomputed every second from the
 * agreement's current rules and calendars (a judged clock keeps the versions it was judged under).
 */
export const clockStateLabels: Record<ClockState, string> = {
  running: 'Running',
  paused: 'Paused',
  outside_hours: 'Outside business hours',
  warning: 'Warning',
  met: 'Met',
  breached: 'Breached',
};

export type LiveClock = { ruleName: string; clock: ClockResult } | { ruleName: string; problem: string };

export function clocksOf(handoff: HandoffWithEvents, terms: AgreementTerms, nowMs: number): LiveClock[] {
  return handoff.rules.map(({ ruleId }) => {
    const rule = terms.rules.find((candidate) => candidate.id === ruleId);
    if (!rule) return { ruleName: ruleId, problem: 'this rule is no longer in the agreement' };
    if (rule.kind !== 'response') return { ruleName: rule.name, problem: 'not a response-time rule' };
    const calendar = terms.calendars.find((candidate) => candidate.id === (rule as ResponseRule).calendarId);
    if (!calendar) return { ruleName: rule.name, problem: `its calendar "${rule.calendarId}" is missing` };
    try {
      return { ruleName: rule.name, clock: evaluateClock(rule, handoff, calendar, nowMs) };
    } catch (error) {
      // A calendar the engine cannot walk must not take the whole view down.
      return { ruleName: rule.name, problem: `this clock cannot be computed (${String(error)})` };
    }
  });
}

export function LiveClocks({ handoff, terms }: { handoff: HandoffWithEvents; terms: AgreementTerms }) {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <ul class="clocks">
      {clocksOf(handoff, terms, nowMs).map((item) =>
        'problem' in item ? (
          <li key={item.ruleName} class="muted">
            {item.ruleName}: {item.problem}
          </li>
        ) : (
          <li key={item.ruleName} class={`clock clock-${item.clock.state}`} data-state={item.clock.state}>
            <strong>{item.ruleName}</strong>{' '}
            <span class={`pill state-${item.clock.state}`}>
              {clockStateLabels[item.clock.state]}
              {item.clock.pauseReason ? `: ${item.clock.pauseReason}` : ''}
            </span>{' '}
            <span class="countdown" role="timer" aria-live="off">
              {clockPhrase(item.clock)}
            </span>
            <small class="muted">
              {item.clock.isOpen &&
                ` · ${formatDurationMs(item.clock.elapsedMs)} of ${formatDurationMs(item.clock.targetMs)} business time`}
              {item.clock.breachAtMs !== null && item.clock.isOpen
                ? ` · breaches ${formatDateTime(item.clock.breachAtMs)}`
                : ''}
              {item.clock.isJudged ? ` · judged under rule v${item.clock.ruleVersion}` : ''}
            </small>
          </li>
        ),
      )}
    </ul>
  );
}
