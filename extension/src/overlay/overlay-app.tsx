import { useEffect, useRef, useState } from 'preact/hooks';
import type { Action } from '../protocol/messages.js';
import type { RecordView } from '../protocol/record-view.js';
import { displayedState, headlineClock, stateLabels } from './clock-presentation.js';
import { CountdownBadge } from './countdown-badge.js';
import type { OverlayTheme } from './detect-theme.js';
import { OverlayPanel } from './overlay-panel.js';
import { useNow } from './use-now.js';

export interface OverlayAppProps {
  view: RecordView | null;
  /** A problem to show instead of (or above) the record's data; the overlay itself never breaks. */
  error: string | null;
  theme: OverlayTheme;
  timeZone: string;
  onAction: (action: Action) => Promise<void>;
  /** Asked when a clock reaches the moment its state changes, so the background re-evaluates it. */
  onRefresh: () => void;
  onMoveBy: (dxPx: number, dyPx: number) => void;
  onMoveEnd: () => void;
}

const panelId = 'pactline-panel';
const keyboardStepPx = 16;

export function OverlayApp(props: OverlayAppProps) {
  const { view, error, theme, timeZone } = props;
  const nowMs = useNow();
  const [isExpanded, setExpanded] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const clock = view ? headlineClock(view.clocks, nowMs) : undefined;
  const state = clock ? displayedState(clock, nowMs) : null;

  const nextChangeAtMs = view?.clocks.reduce<number | null>(
    (soonest, item) =>
      item.nextChangeAtMs !== null && (soonest === null || item.nextChangeAtMs < soonest)
        ? item.nextChangeAtMs
        : soonest,
    null,
  );
  const { onRefresh } = props;
  const isDue = nextChangeAtMs !== null && nextChangeAtMs !== undefined && nowMs >= nextChangeAtMs;
  useEffect(() => {
    if (isDue) onRefresh();
  }, [isDue, onRefresh]);

  const act = async (action: Action) => {
    setBusy(true);
    try {
      await props.onAction(action);
    } finally {
      setBusy(false);
    }
  };

  const subject = view?.displayName ?? view?.record.recordId ?? '';
  return (
    <div class="root" data-theme={theme}>
      <section
        class="card"
        aria-label={`Pactline SLA${subject ? ` for ${subject}` : ''}`}
        data-testid="pactline-overlay"
      >
        <div class="bar">
          <button
            type="button"
            class="grip"
            aria-label="Move the Pactline overlay (arrow keys)"
            onPointerDown={(event) => {
              drag.current = { x: event.clientX, y: event.clientY };
              event.currentTarget.setPointerCapture(event.pointerId);
            }}
            onPointerMove={(event) => {
              if (!drag.current) return;
              props.onMoveBy(event.clientX - drag.current.x, event.clientY - drag.current.y);
              drag.current = { x: event.clientX, y: event.clientY };
            }}
            onPointerUp={() => {
              drag.current = null;
              props.onMoveEnd();
            }}
            onKeyDown={(event) => {
              const steps: Record<string, [number, number]> = {
                ArrowLeft: [-keyboardStepPx, 0],
                ArrowRight: [keyboardStepPx, 0],
                ArrowUp: [0, -keyboardStepPx],
                ArrowDown: [0, keyboardStepPx],
              };
              const step = steps[event.key];
              if (!step) return;
              event.preventDefault();
              props.onMoveBy(step[0], step[1]);
              props.onMoveEnd();
            }}
          >
            ⠿
          </button>
          {view ? (
            <CountdownBadge
              clock={clock}
              nowMs={nowMs}
              timeZone={timeZone}
              isExpanded={isExpanded}
              onToggle={() => setExpanded(!isExpanded)}
              panelId={panelId}
              subject={subject}
            />
          ) : (
            <span class="badge" data-state="none" data-testid="pactline-badge">
              {error ? 'Pactline' : 'Loading SLA…'}
            </span>
          )}
        </div>
        {error && (
          <div class="error" role="alert" data-testid="pactline-error">
            {error}
          </div>
        )}
        {view && isExpanded && (
          <OverlayPanel
            view={view}
            nowMs={nowMs}
            timeZone={timeZone}
            panelId={panelId}
            onAction={act}
            isBusy={isBusy}
          />
        )}
        {/* Announces state changes only: the ticking digits are hidden from screen readers. */}
        <div class="sr" aria-live="polite">
          {clock && state ? `${clock.ruleName}: ${stateLabels[state].label}` : ''}
        </div>
      </section>
    </div>
  );
}
