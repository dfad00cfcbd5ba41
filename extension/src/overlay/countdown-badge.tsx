import type { ClockView } from '../protocol/record-view.js';
import { displayedState, stateLabels } from './clock-presentation.js';
import { describeCountdown, formatBreachTime, formatCountdown, remainingAt } from './format-countdown.js';

interface CountdownBadgeProps {
  clock: ClockView | undefined;
  nowMs: number;
  timeZone: string;
  isExpanded: boolean;
  onToggle: () => void;
  panelId: string;
  subject: string;
}

export function CountdownBadge({
  clock,
  nowMs,
  timeZone,
  isExpanded,
  onToggle,
  panelId,
  subject,
}: CountdownBadgeProps) {
  if (!clock) {
    return (
      <button
        type="button"
        class="badge"
        data-state="none"
        data-testid="pactline-badge"
        aria-expanded={isExpanded}
        aria-controls={panelId}
        onClick={onToggle}
        aria-label={`No open handoff${subject ? ` for ${subject}` : ''}. ${isExpanded ? 'Hide' : 'Show'} details`}
      >
        <span class="glyph" aria-hidden="true">
          ◷
        </span>{' '}
        <span class="meta">
          <strong>No open handoff</strong> <small>{subject}</small>
        </span>
      </button>
    );
  }
  const state = displayedState(clock, nowMs);
  const remainingMs = remainingAt(clock, nowMs);
  const { label, glyph } = stateLabels[state];
  const isClosed = state === 'met';
  const breach =
    clock.breachAtMs !== null && !isClosed && state !== 'paused'
      ? `breach ${formatBreachTime(clock.breachAtMs, nowMs, timeZone)}`
      : null;
  const detail = [clock.ruleName, clock.owner, breach].filter(Boolean).join(' · ');
  return (
    <button
      type="button"
      class="badge"
      data-state={state}
      data-testid="pactline-badge"
      aria-expanded={isExpanded}
      aria-controls={panelId}
      onClick={onToggle}
      aria-label={`${label}: ${isClosed ? 'met' : describeCountdown(remainingMs)}. ${detail}. ${isExpanded ? 'Hide' : 'Show'} details`}
    >
      {/* The spaces between the parts take no room in the flex row; read as text, they keep words apart. */}
      <span class="glyph" aria-hidden="true">
        {glyph}
      </span>{' '}
      {!isClosed && (
        <>
          <span class="time" data-testid="pactline-countdown" aria-hidden="true">
            {formatCountdown(remainingMs)}
          </span>{' '}
        </>
      )}
      <span class="meta" aria-hidden="true">
        <strong data-testid="pactline-state">
          {label}
          {state === 'paused' && clock.pauseReason ? `: ${clock.pauseReason}` : ''}
        </strong>{' '}
        <small>{detail}</small>
      </span>
    </button>
  );
}
