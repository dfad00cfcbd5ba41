import type { ChannelTarget, EscalationTarget, RecipientTarget, ResponseRule } from '../agreement/rule.js';
import { clockUserId } from '../handoff/clock-user-id.js';
import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';
import { clockTimeline } from './clock-timeline.js';
import { escalatedEventId } from './derived-event-id.js';
import { elapsedInstantMs } from './elapsed-instant.js';
import { clockFromTimeline, type VersionedCalendar } from './evaluate-clock.js';

export type EscalatedHandoffEvent = Extract<HandoffEvent, { type: 'escalated' }>;

/**
 * The `escalated` events due by `nowMs` and not yet in the log: one per rung of the rule's ladder
 * that the current leg has reached. A clock stopped by a response escalates no further, and a
 * pause before a rung holds it back until the clock runs again. A breach judged while the clock is
 * still open does not stop rungs past 100 %.
 *
 * Content is deterministic, as for `judgeClock`: `atMs` is the instant the rung was reached,
 * `byUserId` is `clockUserId`, `notifiedUserIds` are the people the rung names directly (a named
 * user, the handoff's sender and receiver); parties stay in `targets` and channels in `channels`,
 * resolved when the escalation is delivered.
 */
export function escalationsDue(
  rule: ResponseRule,
  handoff: HandoffWithEvents,
  calendar: VersionedCalendar,
  nowMs: number,
): EscalatedHandoffEvent[] {
  if (rule.escalation.length === 0) return [];
  const timeline = clockTimeline(rule, handoff, nowMs);
  if (timeline.stopEvent !== null) return [];
  const { targetMs } = clockFromTimeline(rule, handoff, calendar, nowMs, timeline);
  const recorded = new Set(handoff.events.map((event) => event.id));
  const due: EscalatedHandoffEvent[] = [];
  for (const step of rule.escalation) {
    const id = escalatedEventId(handoff.id, rule.id, timeline.legStartedAtMs, step.atPercent);
    if (recorded.has(id)) continue;
    const atMs = elapsedInstantMs(timeline, (targetMs * step.atPercent) / 100, calendar);
    if (atMs === null || atMs > nowMs) continue;
    due.push({
      id,
      handoffId: handoff.id,
      atMs,
      byUserId: clockUserId,
      type: 'escalated',
      ruleId: rule.id,
      atPercent: step.atPercent,
      notifiedUserIds: namedUserIds(step.notify, handoff),
      ...splitTargets(step.notify),
      reason: step.atPercent >= 100 ? 'breached' : 'rung',
    });
  }
  return due;
}

/** The rung's people and parties, and its channels when it names any (events without keep their shape). */
function splitTargets(
  notify: readonly EscalationTarget[],
): Pick<EscalatedHandoffEvent, 'targets' | 'channels'> {
  const targets: RecipientTarget[] = [];
  const channels: ChannelTarget[] = [];
  for (const target of notify) {
    if (target.kind === 'channel') channels.push(target);
    else targets.push(target);
  }
  return channels.length === 0 ? { targets } : { targets, channels };
}

function namedUserIds(targets: readonly EscalationTarget[], handoff: HandoffWithEvents): string[] {
  const ids = new Set<string>();
  for (const target of targets) {
    if (target.kind === 'user') ids.add(target.userId);
    else if (target.kind === 'sender') ids.add(handoff.fromUserId);
    else if (target.kind === 'receiver' && handoff.toUserId !== undefined) ids.add(handoff.toUserId);
  }
  return [...ids].sort();
}
