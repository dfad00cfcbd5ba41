import type { AgreementTerms, ClockState, HandoffWithEvents } from '@pactline/shared';
import { useEffect, useState } from 'preact/hooks';
import { clockPhrase } from './clock-phrase';
import { clocksOf } from './clocks-of';
import { formatDateTime, formatDurationMs } from './format';

export const clockStateLabels: Record<ClockState, string> = {
  running: 'Running',
  paused: 'Paused',
  outside_hours: 'Outside business hours',
  warning: 'Warning',
  met: 'Met',
  breached: 'Breached',
};

/** The live SLA clocks of one handoff, recomputed every second. */
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
