import type { Channel, Delivery } from './delivery-store.js';
import { signatureHeader, signWebhook } from './webhook-signature.js';

/**
 * A delivery in its channel's format. The generic webhook's body (documented in the relay's
 * README) is the escalation message as is, with the idempotency key and a type; it is signed
 * with the channel's key over the attempt's timestamp and the exact body bytes sent.
 */
export type RenderedDelivery = { body: string; headers: Record<string, string> };

export type WebhookBody = {
  /** The idempotency key, `<event id>:<channel id>`: the same on every attempt. */
  id: string;
  type: 'escalation' | 'test';
  workspace: string;
  createdAt: string;
  escalation: Delivery['message'];
};

export function renderForChannel(channel: Channel, delivery: Delivery, atMs: number): RenderedDelivery {
  const body: WebhookBody = {
    id: delivery.idempotencyKey,
    type: delivery.isTest ? 'test' : 'escalation',
    workspace: delivery.workspace,
    createdAt: new Date(delivery.createdAtMs).toISOString(),
    escalation: delivery.message,
  };
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'Idempotency-Key': delivery.idempotencyKey };
  if (channel.signingKey !== null) headers[signatureHeader] = signWebhook(channel.signingKey, text, atMs);
  return { body: text, headers };
}
