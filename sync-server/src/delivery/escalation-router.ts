import type { Agreement, HandoffEvent, HandoffWithEvents, Member } from '@pactline/shared';
import type { Log } from '../log.js';
import { type NotificationStore, notificationsFor } from '../notifications/notification-store.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { DeliveryStore } from './delivery-store.js';
import { deliveriesFor } from './route-escalation.js';

type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;

/**
 * What the relay does with each `escalated` event the watcher offers (once per process, whoever
 * wrote it): records one notification per recipient unless it is recorded already, then hands the
 * event's notifications not yet handed on to the channels that reach them and wakes the queue.
 * Both steps are idempotent, so a kill -9 anywhere between them is mended on the next start.
 */
export function escalationRouter(options: {
  notifications: NotificationStore;
  deliveries: DeliveryStore;
  queue: Pick<DeliveryQueue, 'wake'>;
  log: Log;
  appUrl: string | null;
  /** An escalation older than this (a relay that was down that long) is not announced late. */
  giveUpAfterMs: number;
  nowMs?: () => number;
}) {
  const { notifications, deliveries, log } = options;
  const nowMs = options.nowMs ?? Date.now;
  return (
    workspace: string,
    agreement: Agreement,
    handoff: HandoffWithEvents,
    event: EscalatedEvent,
    members: readonly Member[],
  ): void => {
    const added = notifications.record(notificationsFor(workspace, handoff, event));
    if (added > 0) log('info', 'notifications queued', { workspace, event: event.id, added });
    if (notifications.unrouted(workspace, event.id).length === 0) return;
    if (event.atMs < nowMs() - options.giveUpAfterMs) {
      notifications.markRouted(workspace, event.id);
      log('info', 'escalation too old to deliver', { workspace, event: event.id });
      return;
    }
    const routed = deliveriesFor({
      workspace,
      agreement,
      handoff,
      event,
      members,
      channels: deliveries.channels(workspace),
      appUrl: options.appUrl,
    });
    deliveries.enqueue(routed.deliveries);
    notifications.markRouted(workspace, event.id);
    if (routed.unreached.length > 0)
      log('info', 'no channel reaches some recipients of an escalation', {
        workspace,
        event: event.id,
        unreached: routed.unreached,
      });
    if (routed.deliveries.length > 0) options.queue.wake();
  };
}
