import { useEffect, useState } from 'preact/hooks';
import { displayedState, stateLabels } from '../overlay/clock-presentation.js';
import {
  describeCountdown,
  formatBreachTime,
  formatCountdown,
  remainingAt,
} from '../overlay/format-countdown.js';
import { useNow } from '../overlay/use-now.js';
import type { ClocksResponse } from '../protocol/messages.js';

interface PopupAppProps {
  load: () => Promise<ClocksResponse>;
  openUrl: (url: string) => void;
  timeZone: string;
}

const syncText = {
  not_configured: 'Local only: set the relay in the options',
  connecting: 'Connecting to the relay…',
  connected: 'Synced with the relay',
  offline: 'Offline: changes are kept and sync later',
} as const;

export function PopupApp({ load, openUrl, timeZone }: PopupAppProps) {
  const [response, setResponse] = useState<ClocksResponse | null>(null);
  const nowMs = useNow();
  useEffect(() => {
    void load().then(setResponse);
  }, [load]);

  if (!response) return <p>Loading your clocks…</p>;
  if (!response.ok) return <p role="alert">{response.message}</p>;
  const clocks = [...response.clocks].sort(
    (a, b) => remainingAt(a.clock, nowMs) - remainingAt(b.clock, nowMs),
  );
  return (
    <main>
      <h1>Your open clocks</h1>
      {clocks.length === 0 ? (
        <p>No open handoffs. Clocks appear here when a lead is handed to you or by you.</p>
      ) : (
        <ol class="clocks" data-testid="popup-clocks">
          {clocks.map(({ clock, record, displayName }) => {
            const state = displayedState(clock, nowMs);
            const remainingMs = remainingAt(clock, nowMs);
            return (
              <li key={`${clock.handoffId}:${clock.ruleId}`} data-state={state}>
                <a
                  href={record.url}
                  onClick={(event) => {
                    event.preventDefault();
                    openUrl(record.url);
                  }}
                  aria-label={`${displayName ?? record.recordId}: ${clock.ruleName}, ${stateLabels[state].label}, ${describeCountdown(remainingMs)}`}
                >
                  <span class="time">
                    {remainingMs < 0 ? `over ${formatCountdown(-remainingMs)}` : formatCountdown(remainingMs)}
                  </span>
                  <span class="name">{displayName ?? record.recordId}</span>
                  <span class="detail">
                    {stateLabels[state].label} · {clock.ruleName}
                    {clock.breachAtMs !== null
                      ? ` · breach ${formatBreachTime(clock.breachAtMs, nowMs, timeZone)}`
                      : ''}
                  </span>
                </a>
              </li>
            );
          })}
        </ol>
      )}
      <p class="sync" data-testid="popup-sync">
        {syncText[response.sync.state]}
        {response.sync.message ? ` (${response.sync.message})` : ''}
      </p>
    </main>
  );
}
