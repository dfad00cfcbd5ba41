import { remainingAt } from '../overlay/format-countdown.js';
import type { ClockSummary } from '../protocol/record-view.js';
import { type EvaluatedClock, evaluateHandoff, openClocks } from './record-clocks.js';
import { partyOf, type Viewer, type WorkspaceSnapshot } from './workspace-snapshot.js';

/**
 * The viewer's clocks, open or not: handoffs addressed to them, to their party's queue when nobody
 * is named, or sent by them.
 */
export function ownClocks(snapshot: WorkspaceSnapshot, viewer: Viewer, nowMs: number): EvaluatedClock[] {
  const party = partyOf(snapshot, viewer.userId);
  return snapshot.handoffs
    .filter(
      (handoff) =>
        handoff.toUserId === viewer.userId ||
        (handoff.toUserId === undefined && party !== undefined && handoff.toPartyId === party) ||
        handoff.fromUserId === viewer.userId,
    )
    .flatMap((handoff) => evaluateHandoff(handoff, snapshot, nowMs));
}

/** The viewer's open clocks, sorted by business time left, least first. */
export function ownOpenClocks(snapshot: WorkspaceSnapshot, viewer: Viewer, nowMs: number): EvaluatedClock[] {
  return openClocks(ownClocks(snapshot, viewer, nowMs)).sort(
    (a, b) => remainingAt(a.view, nowMs) - remainingAt(b.view, nowMs),
  );
}

export function clockSummaries(clocks: readonly EvaluatedClock[]): ClockSummary[] {
  return clocks.map(({ handoff, view }) => {
    const { displayName, ...record } = handoff.lead;
    return { clock: view, record, ...(displayName ? { displayName } : {}) };
  });
}

/** What the toolbar badge counts: clocks in warning or already breached. */
export function nearBreachCount(clocks: readonly EvaluatedClock[]): number {
  return clocks.filter((clock) => clock.result.state === 'warning' || clock.result.state === 'breached')
    .length;
}
