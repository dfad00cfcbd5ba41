import type { HandoffEvent, HandoffWithEvents } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useRef } from 'preact/hooks';
import { useAgreement } from '../agreements/use-agreement';
import { observeDoc } from '../doc/observe-doc';
import { useRoom, useSubscribed, useWorkspace } from '../sync/workspace';
import { formatDateTime, formatDurationMs } from './format';
import type { HandoffRow } from './handoff-row';
import { LiveClocks } from './live-clock';

export function describeEvent(event: HandoffEvent): string {
  switch (event.type) {
    case 'accepted':
      return `Accepted by ${event.byUserId}`;
    case 'first_touch':
      return `First touch by ${event.byUserId}${event.channel ? ` (${event.channel})` : ''}`;
    case 'rejected':
      return `Rejected by ${event.byUserId}: ${event.reason}`;
    case 'paused':
      return `Paused by ${event.byUserId}: ${event.reason}`;
    case 'resumed':
      return `Resumed by ${event.byUserId}`;
    case 'reassigned':
      return `Reassigned by ${event.byUserId} to ${event.toUserId ?? event.toPartyId ?? 'another owner'}`;
    case 'escalated':
      return `Escalated at ${event.atPercent} % of ${event.ruleId} to ${event.notifiedUserIds.join(', ') || 'nobody'}`;
    case 'judged':
      return `${event.outcome === 'met' ? 'Met' : 'Breached'}: ${event.ruleId} v${event.ruleVersion} in ${formatDurationMs(event.elapsedMs)} of ${formatDurationMs(event.targetMs)} (calendar v${event.calendarVersion})`;
  }
}

/** One handoff: its lead, checklist at handoff time and the timeline of its events. */
export function HandoffDetail({ row, onClose }: { row: HandoffRow; onClose: () => void }) {
  const workspace = useWorkspace();
  const { connection, isLoaded } = useRoom(workspace.handoffsRoom(row.month));
  const handoff = useSubscribed<HandoffWithEvents | undefined>(
    () =>
      connection ? readHandoffLog(connection.doc).handoffs.find((item) => item.id === row.id) : undefined,
    (listener) => (connection ? observeDoc(connection.doc, listener) : () => {}),
    [connection, row.id, isLoaded],
  );
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);
  return (
    <dialog ref={dialog} class="detail" aria-labelledby="detail-title" onClose={onClose}>
      <div class="screen-head">
        <h2 id="detail-title">{row.leadName}</h2>
        <button type="button" class="ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {!handoff ? (
        <p class="muted">{isLoaded ? 'This handoff is not in the local copy.' : 'Opening…'}</p>
      ) : (
        <>
          <p>
            <a href={handoff.lead.url} target="_blank" rel="noreferrer">
              Open in {handoff.lead.crm}
            </a>{' '}
            · {handoff.fromPartyId} ({handoff.fromUserId}) → {handoff.toPartyId}
            {handoff.toUserId ? ` (${handoff.toUserId})` : ''}
            {handoff.priority ? ` · ${handoff.priority}` : ''}
          </p>
          <h3>Clock</h3>
          <AgreementClocks handoff={handoff} />
          <h3>Checklist at handoff</h3>
          <ul class="checklist">
            {handoff.checklist.map((item) => (
              <li key={item.itemId}>
                {item.isDone ? '☑' : '☐'} {item.label}
                {item.isRequired ? ' (required)' : ''}
              </li>
            ))}
          </ul>
          <h3>Timeline</h3>
          <ol class="timeline">
            <li>
              <time dateTime={new Date(handoff.startedAtMs).toISOString()}>
                {formatDateTime(handoff.startedAtMs)}
              </time>{' '}
              Handed off by {handoff.fromUserId}
            </li>
            {handoff.events.map((event) => (
              <li key={event.id} data-event={event.type}>
                <time dateTime={new Date(event.atMs).toISOString()}>{formatDateTime(event.atMs)}</time>{' '}
                {describeEvent(event)}
              </li>
            ))}
          </ol>
        </>
      )}
    </dialog>
  );
}

function AgreementClocks({ handoff }: { handoff: HandoffWithEvents }) {
  const { read } = useAgreement(handoff.agreementId);
  if (!read) return <p class="muted">Opening the agreement…</p>;
  if (!read.agreement) return <p class="muted">The agreement of this handoff is not on this device yet.</p>;
  return <LiveClocks handoff={handoff} terms={read.agreement.terms} />;
}
