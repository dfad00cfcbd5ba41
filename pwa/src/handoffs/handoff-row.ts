import type { HandoffWithEvents } from '@pactline/shared';
import { handoffMonth } from '@pactline/shared/doc';

/**
 * One line of the handoff log as the table shows it: a flat projection of a handoff and its
 * events, kept in the local index so the table opens without decoding every month's document.
 * `state` is the settled state from the events; `liveState` adds `overdue` for an open handoff past
 * its breach time. The ticking clock itself is computed when a row is opened.
 */
export type HandoffState = 'open' | 'overdue' | 'paused' | 'responded' | 'met' | 'breached' | 'rejected';
export const handoffStates: readonly HandoffState[] = [
  'open',
  'overdue',
  'paused',
  'responded',
  'met',
  'breached',
  'rejected',
];

export type HandoffRow = {
  id: string;
  month: string;
  agreementId: string;
  ruleIds: string[];
  fromPartyId: string;
  toPartyId: string;
  /** The parties' team names from the agreement, when it was on this device at projection. */
  fromPartyName?: string;
  toPartyName?: string;
  fromUserId: string;
  toUserId: string;
  /** Users who acted on it (receiver, reassignments, first touch), for the rep filter. */
  repIds: string[];
  leadName: string;
  leadUrl: string;
  priority: string;
  state: HandoffState;
  startedAtMs: number;
  /**
   * How it started: `overlay` (the button) or `page` (seen on the CRM page, its start the time a
   * device first saw it); absent on rows projected before handoffs said so.
   */
  startedBy?: 'overlay' | 'page' | 'import';
  /** Business time to the stopping event (as judged, or as computed from the rule), or -1 while none. */
  responseMs: number;
  /** When the open clock breaches if nothing happens; null when paused, stopped or not computed. */
  breachAtMs: number | null;
  eventCount: number;
};

/** What the rule's clock says about a handoff, when its agreement is on this device. */
export type RowClock = {
  responseMs: number | null;
  breachAtMs: number | null;
  /** Met or breached once the clock stopped (or was judged); null while it runs. */
  outcome: 'met' | 'breached' | null;
};

export function projectHandoff(
  handoff: HandoffWithEvents,
  clock?: RowClock,
  partyName: (partyId: string) => string | undefined = () => undefined,
): HandoffRow {
  let state: HandoffState = 'open';
  let responseMs = -1;
  const repIds = new Set<string>();
  if (handoff.toUserId) repIds.add(handoff.toUserId);
  let toUserId = handoff.toUserId ?? '';
  let toPartyId = handoff.toPartyId;
  for (const event of handoff.events) {
    switch (event.type) {
      case 'paused':
        if (state === 'open') state = 'paused';
        break;
      case 'resumed':
        if (state === 'paused') state = 'open';
        break;
      case 'accepted':
      case 'first_touch':
        repIds.add(event.byUserId);
        if (state === 'open' || state === 'paused') state = 'responded';
        break;
      case 'rejected':
        repIds.add(event.byUserId);
        if (state !== 'met' && state !== 'breached') state = 'rejected';
        break;
      case 'reassigned':
        if (event.toUserId) {
          toUserId = event.toUserId;
          repIds.add(event.toUserId);
        }
        if (event.toPartyId) toPartyId = event.toPartyId;
        break;
      case 'judged':
        // The first rule of the handoff decides the row's outcome; others show in the detail.
        if (event.ruleId === handoff.rules[0]?.ruleId) {
          // A rejection answered the handoff: the log says so, the detail shows the clock's verdict.
          if (state !== 'rejected') state = event.outcome;
          responseMs = event.elapsedMs;
        }
        break;
      case 'escalated':
        break;
    }
  }
  return {
    id: handoff.id,
    month: handoffMonth(handoff.startedAtMs),
    agreementId: handoff.agreementId,
    ruleIds: handoff.rules.map((rule) => rule.ruleId),
    fromPartyId: handoff.fromPartyId,
    toPartyId,
    ...withName('fromPartyName', partyName(handoff.fromPartyId)),
    ...withName('toPartyName', partyName(toPartyId)),
    fromUserId: handoff.fromUserId,
    toUserId,
    repIds: [...repIds],
    leadName: handoff.lead.displayName || handoff.lead.recordId,
    leadUrl: handoff.lead.url,
    priority: handoff.priority ?? '',
    // An answered handoff is met or breached as its rule's clock says, judged or not yet.
    state: state === 'responded' && clock?.outcome ? clock.outcome : state,
    startedAtMs: handoff.startedAtMs,
    startedBy: handoff.source ?? 'overlay',
    responseMs: responseMs >= 0 ? responseMs : (clock?.responseMs ?? -1),
    breachAtMs: clock?.breachAtMs ?? null,
    eventCount: handoff.events.length,
  };
}

function withName<K extends string>(key: K, name: string | undefined): Partial<Record<K, string>> {
  return name === undefined ? {} : ({ [key]: name } as Record<K, string>);
}

/** The state shown for a row at `nowMs`: an open handoff past its breach time is overdue. */
export function liveState(row: HandoffRow, nowMs: number): HandoffState {
  if (row.state === 'open' && row.breachAtMs !== null && row.breachAtMs <= nowMs) return 'overdue';
  return row.state;
}
