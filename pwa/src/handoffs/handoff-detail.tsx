import { type HandoffWithEvents, type ImportedFrom, isSafeLink, recordedLateByMs } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useRef } from 'preact/hooks';
import { useAgreement } from '../agreements/use-agreement';
import { observeDoc } from '../doc/observe-doc';
import { useDirectory } from '../sync/use-directory';
import { useRoom, useSubscribed, useWorkspace } from '../sync/workspace';
import { formatDateTime, formatDurationMs } from './format';
import { crmNames, describeEvent, handoffNames } from './handoff-names';
import type { HandoffRow } from './handoff-row';
import { LiveClocks } from './live-clock';

/**
 * Says when the relay received an entry long after the time it claims (offline work, or
 * backdating), and where an imported entry came from (which is after the fact by nature).
 */
function RecordedLate({
  claimedAtMs,
  receivedAtMs,
  imported,
}: {
  claimedAtMs: number;
  receivedAtMs?: number;
  imported?: ImportedFrom;
}) {
  if (imported !== undefined) {
    return (
      <span class="imported" data-imported>
        {' '}
        · imported from {imported.file}, row {imported.row}
        {imported.by === undefined ? '' : ` (${imported.by} in the CRM)`}
      </span>
    );
  }
  const lateByMs = recordedLateByMs(claimedAtMs, receivedAtMs);
  if (lateByMs === null || receivedAtMs === undefined) return null;
  return (
    <span class="recorded-late" data-recorded-late>
      {' '}
      · recorded {formatDurationMs(lateByMs)} late (reached the relay{' '}
      <time dateTime={new Date(receivedAtMs).toISOString()}>{formatDateTime(receivedAtMs)}</time>)
    </span>
  );
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
  const { directory } = useDirectory();
  const { read } = useAgreement(row.agreementId);
  const terms = read?.agreement?.terms ?? null;
  const names = handoffNames(directory.members, terms);
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
            {isSafeLink(handoff.lead.url) ? (
              <a href={handoff.lead.url} target="_blank" rel="noopener noreferrer">
                Open in {crmNames[handoff.lead.crm]}
              </a>
            ) : (
              <span class="muted">Record address not shown (not an http link)</span>
            )}{' '}
            · {names.party(handoff.fromPartyId)} ({names.person(handoff.fromUserId)}) →{' '}
            {names.party(handoff.toPartyId)}
            {handoff.toUserId ? ` (${names.person(handoff.toUserId)})` : ''}
            {handoff.priority ? ` · ${handoff.priority}` : ''}
          </p>
          <h3>Clock</h3>
          {!read ? (
            <p class="muted">Opening the agreement…</p>
          ) : terms === null ? (
            <p class="muted">The agreement of this handoff is not on this device yet.</p>
          ) : (
            <LiveClocks handoff={handoff} terms={terms} />
          )}
          <h3>Checklist at handoff</h3>
          {handoff.checklist.length === 0 ? (
            <p class="muted">No checklist applied to this handoff.</p>
          ) : (
            <ul class="checklist">
              {handoff.checklist.map((item) => (
                <li key={item.itemId} data-done={item.isDone}>
                  <span aria-hidden="true">{item.isDone ? '☑' : '☐'}</span> {item.label}
                  {item.isRequired ? ' (required)' : ''}
                  <span class="visually-hidden">{item.isDone ? ': done' : ': not done'}</span>
                </li>
              ))}
            </ul>
          )}
          <h3>Timeline</h3>
          <ol class="timeline">
            <li>
              <time dateTime={new Date(handoff.startedAtMs).toISOString()}>
                {formatDateTime(handoff.startedAtMs)}
              </time>{' '}
              {handoff.source === 'import'
                ? `Imported by ${names.person(handoff.fromUserId)}`
                : handoff.source === 'page'
                  ? `Seen on the CRM page by ${names.person(handoff.fromUserId)}${
                      handoff.startedAtSource === 'seen' ? ' (the clock starts when it was first seen)' : ''
                    }`
                  : `Handed off by ${names.person(handoff.fromUserId)}`}
              <RecordedLate
                claimedAtMs={handoff.startedAtMs}
                receivedAtMs={handoff.receivedAtMs}
                imported={handoff.imported}
              />
            </li>
            {handoff.events.map((event) => (
              <li key={event.id} data-event={event.type}>
                <time dateTime={new Date(event.atMs).toISOString()}>{formatDateTime(event.atMs)}</time>{' '}
                {describeEvent(event, names, handoff)}
                <RecordedLate
                  claimedAtMs={event.atMs}
                  receivedAtMs={event.receivedAtMs}
                  imported={event.imported}
                />
              </li>
            ))}
          </ol>
        </>
      )}
    </dialog>
  );
}
