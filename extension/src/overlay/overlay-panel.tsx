import { useState } from 'preact/hooks';
import type { Action } from '../protocol/messages.js';
import type { ActivityPace, ClockView, RecordView } from '../protocol/record-view.js';
import {
  canHandOff,
  checklistDone,
  displayedState,
  eventLabels,
  isOpen,
  missingRequiredItems,
  stateLabels,
} from './clock-presentation.js';
import { dateTimeFormat } from './date-time-format.js';
import { formatBreachTime, formatCountdownPhrase, remainingAt } from './format-countdown.js';

interface PanelProps {
  view: RecordView;
  nowMs: number;
  timeZone: string;
  panelId: string;
  onAction: (action: Action) => void;
  isBusy: boolean;
}

/**
 * Runs `run` only for an event the browser made from real input: the CRM page's own scripts can
 * reach the overlay and call `click()` on its buttons, and such clicks must never act as the rep.
 */
export function whenTrusted<E extends Event>(run: (event: E) => void): (event: E) => void {
  return (event) => {
    if (event.isTrusted) run(event);
  };
}

function ReasonAction({
  label,
  reasons,
  onSubmit,
  isDisabled,
}: {
  label: string;
  reasons: readonly string[];
  onSubmit: (reason: string) => void;
  isDisabled: boolean;
}) {
  const [isOpenForm, setOpenForm] = useState(false);
  const [reason, setReason] = useState(reasons[0] ?? '');
  if (!isOpenForm) {
    return (
      <button type="button" class="act" disabled={isDisabled} onClick={() => setOpenForm(true)}>
        {label}…
      </button>
    );
  }
  const inputLabel = `${label} reason`;
  return (
    <form
      class="actions"
      // The action runs from the submit button's trusted click (Enter in the field clicks it too);
      // a script's `requestSubmit()` reaches only this handler and does nothing.
      onSubmit={(event) => event.preventDefault()}
    >
      {reasons.length > 0 ? (
        <select
          aria-label={inputLabel}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        >
          {reasons.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          type="text"
          aria-label={inputLabel}
          value={reason}
          onInput={(event) => setReason(event.currentTarget.value)}
          required
        />
      )}
      <button
        type="submit"
        class="act"
        disabled={isDisabled || reason.trim() === ''}
        onClick={whenTrusted(() => {
          if (reason.trim() !== '') onSubmit(reason.trim());
        })}
      >
        {label}
      </button>
      <button type="button" class="act" onClick={() => setOpenForm(false)}>
        Cancel
      </button>
    </form>
  );
}

function ClockCard({
  clock,
  nowMs,
  timeZone,
  onAction,
  isBusy,
  view,
}: { clock: ClockView } & Omit<PanelProps, 'panelId'>) {
  const state = displayedState(clock, nowMs);
  const canAct = !view.isReadOnly && !isBusy && isOpen(clock);
  const handoffId = clock.handoffId;
  return (
    <li class="clock" data-testid="pactline-clock">
      <div>
        <strong>{clock.ruleName}</strong> — {stateLabels[state].label}
        {clock.pauseReason ? ` (${clock.pauseReason})` : ''}
      </div>
      <div>
        {clock.fromParty} → {clock.toParty}
        {clock.owner ? ` · ${clock.owner}` : ''}
      </div>
      {isOpen(clock) && (
        <div>
          {formatCountdownPhrase(remainingAt(clock, nowMs))}
          {clock.breachAtMs !== null && state !== 'paused'
            ? ` · breach ${formatBreachTime(clock.breachAtMs, nowMs, timeZone)}`
            : ''}
        </div>
      )}
      {isOpen(clock) && (
        <div class="actions">
          <button
            type="button"
            class="act"
            disabled={!canAct}
            onClick={whenTrusted(() => onAction({ kind: 'accept', handoffId }))}
          >
            Accept
          </button>
          <button
            type="button"
            class="act"
            disabled={!canAct}
            onClick={whenTrusted(() => onAction({ kind: 'first_touch', handoffId }))}
          >
            Log first touch
          </button>
          <ReasonAction
            label="Reject"
            reasons={view.rejectReasons}
            isDisabled={!canAct}
            onSubmit={(reason) => onAction({ kind: 'reject', handoffId, reason })}
          />
          {clock.state === 'paused' ? (
            <button
              type="button"
              class="act"
              disabled={!canAct}
              onClick={whenTrusted(() => onAction({ kind: 'resume', handoffId }))}
            >
              Resume
            </button>
          ) : (
            view.pauseReasons.length > 0 && (
              <ReasonAction
                label="Pause"
                reasons={view.pauseReasons}
                isDisabled={!canAct}
                onSubmit={(reason) => onAction({ kind: 'pause', handoffId, reason })}
              />
            )
          )}
        </div>
      )}
    </li>
  );
}

function HandOffForm({ view, onAction, isBusy }: Pick<PanelProps, 'view' | 'onAction' | 'isBusy'>) {
  const [ticks, setTicks] = useState<Record<string, boolean>>({});
  const [target, setTarget] = useState(view.handOffTargets[0]?.id ?? '');
  const done = checklistDone(view, ticks);
  const missing = missingRequiredItems(view, ticks);
  const isEnabled = !isBusy && target !== '' && canHandOff(view, ticks);
  return (
    <section aria-label="Handoff checklist">
      <h3>Checklist · {view.checklist.stage}</h3>
      <ul>
        {view.checklist.items.map((item) => {
          const id = `pl-item-${item.id}`;
          return (
            <li key={item.id}>
              <input
                type="checkbox"
                id={id}
                checked={done[item.id]}
                disabled={item.autoCheck !== undefined || view.isReadOnly}
                onChange={(event) => {
                  // A script's click still flips the box; only a real one counts, so put it back.
                  if (event.isTrusted) setTicks({ ...ticks, [item.id]: event.currentTarget.checked });
                  else event.currentTarget.checked = done[item.id] ?? false;
                }}
              />{' '}
              <label for={id}>
                {item.label}
                {item.isRequired ? ' (required)' : ''}
              </label>
              {item.autoCheck?.result === 'unreadable' && (
                <div class="unreadable">{item.autoCheck.message}</div>
              )}
            </li>
          );
        })}
      </ul>
      {view.handOffTargets.length > 0 && (
        <div class="actions">
          <select
            aria-label="Hand off to"
            value={target}
            onChange={(event) => setTarget(event.currentTarget.value)}
          >
            {view.handOffTargets.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="act"
            disabled={!isEnabled}
            aria-describedby={missing.length > 0 ? 'pl-missing' : undefined}
            onClick={whenTrusted(() =>
              onAction({
                kind: 'hand_off',
                toPartyId: target,
                checklist: done,
                displayName: view.displayName,
              }),
            )}
          >
            Hand off
          </button>
        </div>
      )}
      {missing.length > 0 && (
        <p id="pl-missing" class="unreadable">
          Still required: {missing.join(', ')}
        </p>
      )}
    </section>
  );
}

const activityNames: Record<ActivityPace['activity'], string> = {
  call: 'Calls',
  email: 'Emails',
  meeting: 'Meetings',
};
const periodNames: Record<ActivityPace['period'], string> = {
  day: 'today',
  week: 'this week',
  month: 'this month',
  quarter: 'this quarter',
};

/** "Calls this week: 12 of 50 · behind: 20 by now". */
function paceText(pace: ActivityPace): string {
  const status = pace.isMet
    ? 'met'
    : pace.isOnTrack
      ? 'on track'
      : `behind: ${pace.expectedByNowCount} by now`;
  return `${activityNames[pace.activity]} ${periodNames[pace.period]}: ${pace.count} of ${pace.targetCount} · ${status}`;
}

/** One click logs a call, email or meeting on the record, with the note if one was typed. */
function ActivitySection({ view, onAction, isBusy }: Pick<PanelProps, 'view' | 'onAction' | 'isBusy'>) {
  const [note, setNote] = useState('');
  const log = (activity: ActivityPace['activity']) => {
    const trimmed = note.trim();
    onAction({ kind: 'log_activity', activity, ...(trimmed ? { note: trimmed } : {}) });
    setNote('');
  };
  return (
    <section aria-label="Activity">
      <h3>Activity</h3>
      {view.activityPace.map((pace) => (
        <p key={pace.ruleId} data-testid="pactline-pace" class={pace.isOnTrack ? 'pace' : 'pace behind'}>
          {paceText(pace)}
        </p>
      ))}
      {!view.isReadOnly && (
        <form class="actions" onSubmit={(event) => event.preventDefault()}>
          <input
            type="text"
            aria-label="Activity note (optional)"
            placeholder="Note (optional)"
            maxLength={1000}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          {(['call', 'email', 'meeting'] as const).map((activity) => (
            <button
              key={activity}
              type="button"
              class="act"
              disabled={isBusy}
              onClick={whenTrusted(() => log(activity))}
            >
              Log {activity}
            </button>
          ))}
        </form>
      )}
    </section>
  );
}

export function OverlayPanel(props: PanelProps) {
  const { view, timeZone, panelId } = props;
  const hasOpen = view.clocks.some(isOpen);
  const time = dateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div class="panel" id={panelId} data-testid="pactline-panel">
      {view.clocks.length > 0 && (
        <section aria-label="Clocks">
          <h3>Clocks</h3>
          <ul>
            {view.clocks.map((clock) => (
              <ClockCard key={`${clock.handoffId}:${clock.ruleId}`} clock={clock} {...props} />
            ))}
          </ul>
        </section>
      )}
      {!hasOpen && <HandOffForm view={view} onAction={props.onAction} isBusy={props.isBusy} />}
      <ActivitySection view={view} onAction={props.onAction} isBusy={props.isBusy} />
      <section aria-label="History">
        <h3>History</h3>
        {view.history.length === 0 ? (
          <p>No events yet.</p>
        ) : (
          <ol data-testid="pactline-history">
            {view.history.map((entry) => (
              <li key={entry.id}>
                <time dateTime={new Date(entry.atMs).toISOString()}>{time.format(entry.atMs)}</time> ·{' '}
                {eventLabels[entry.type]} by {entry.by}
                {entry.reason ? `: ${entry.reason}` : ''}
                {entry.detail ? ` (${entry.detail})` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
      <p class="sync" data-testid="pactline-sync">
        {syncLabel(view)}
      </p>
    </div>
  );
}

function syncLabel(view: RecordView): string {
  const pending = view.sync.hasUnsentChanges ? ' · changes waiting to sync' : '';
  switch (view.sync.state) {
    case 'connected':
      return `Synced${pending}`;
    case 'connecting':
      return `Connecting to the relay${pending}`;
    case 'offline':
      return `Offline: changes are kept and sync later${pending}`;
    case 'not_configured':
      return 'Local only: set the relay in the extension options';
  }
}
