import type { Channel, Delivery } from './delivery-store.js';
import type { EscalationMessage } from './escalation-message.js';
import { signatureHeader, signWebhook } from './webhook-signature.js';

/**
 * A delivery in its channel's format:
 * - `webhook`: the escalation message as is, with the idempotency key and a type (documented in the
 *   relay's README), signed with the channel's key over the attempt's timestamp and the exact body;
 * - `slack`: a Slack incoming-webhook message in Block Kit (a fallback `text` for notifications,
 *   then header, facts, buttons to the CRM record and the handoff, and context);
 * - `teams`: a Microsoft Teams incoming-webhook message carrying the same content as an Adaptive
 *   Card (version 1.4, the newest Teams renders in webhooks).
 */
export type RenderedDelivery = { body: string; headers: Record<string, string> };

export type WebhookBody = {
  /** The idempotency key, `<event id>:<channel id>`: the same on every attempt. */
  id: string;
  type: 'escalation' | 'test';
  workspace: string;
  createdAt: string;
  escalation: EscalationMessage;
};

const crmNames: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho CRM',
  dynamics: 'Dynamics 365',
};

/** "Sam SDR (Sales development)", or the party alone when the lead is in its queue. */
const personInParty = (who: { name: string; party: string }) =>
  who.name === who.party || who.name === '' ? who.party : `${who.name} (${who.party})`;

function titleOf(message: EscalationMessage, isTest: boolean): string {
  const prefix = isTest ? 'Test: ' : message.reason === 'breached' ? 'Breached: ' : '';
  return `${prefix}${message.lead.name}, ${message.rule.name}`;
}

function factsOf(message: EscalationMessage): [string, string][] {
  return [
    ['Clock', message.headline],
    ['Held by', personInParty(message.holder)],
    ['Handed off by', personInParty(message.sender)],
    ['For', message.recipients.join(', ')],
  ];
}

function linksOf(message: EscalationMessage): { title: string; url: string }[] {
  const links = [
    { title: `Open in ${crmNames[message.lead.crm] ?? 'the CRM'}`, url: message.lead.recordUrl },
  ];
  if (message.handoffUrl !== null) links.push({ title: 'Open the handoff', url: message.handoffUrl });
  return links;
}

/** Slack's mrkdwn treats &, < and > as control characters. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function slackMessage(message: EscalationMessage, isTest: boolean) {
  const title = titleOf(message, isTest);
  return {
    text: slackEscape(`${title}: ${message.headline}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: false } },
      {
        type: 'section',
        fields: factsOf(message).map(([name, value]) => ({
          type: 'mrkdwn',
          text: cut(`*${name}*\n${slackEscape(value)}`, 2000),
        })),
      },
      {
        type: 'actions',
        elements: linksOf(message).map((link, index) => ({
          type: 'button',
          text: { type: 'plain_text', text: link.title, emoji: false },
          url: link.url,
          ...(index === 0 ? { style: 'primary' } : {}),
        })),
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: slackEscape(`Pactline · ${message.workspace} · due ${message.dueAt}`) },
        ],
      },
    ],
  };
}

export function teamsMessage(message: EscalationMessage, isTest: boolean) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: titleOf(message, isTest),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              ...(message.reason === 'breached' ? { color: 'Attention' } : {}),
            },
            { type: 'FactSet', facts: factsOf(message).map(([title, value]) => ({ title, value })) },
            {
              type: 'TextBlock',
              text: `Pactline · ${message.workspace} · due ${message.dueAt}`,
              isSubtle: true,
              size: 'Small',
              wrap: true,
            },
          ],
          actions: linksOf(message).map((link) => ({
            type: 'Action.OpenUrl',
            title: link.title,
            url: link.url,
          })),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export function renderForChannel(channel: Channel, delivery: Delivery, atMs: number): RenderedDelivery {
  const headers: Record<string, string> = { 'Idempotency-Key': delivery.idempotencyKey };
  if (channel.kind === 'slack')
    return { body: JSON.stringify(slackMessage(delivery.message, delivery.isTest)), headers };
  if (channel.kind === 'teams')
    return { body: JSON.stringify(teamsMessage(delivery.message, delivery.isTest)), headers };
  const body: WebhookBody = {
    id: delivery.idempotencyKey,
    type: delivery.isTest ? 'test' : 'escalation',
    workspace: delivery.workspace,
    createdAt: new Date(delivery.createdAtMs).toISOString(),
    escalation: delivery.message,
  };
  const text = JSON.stringify(body);
  if (channel.signingKey !== null) headers[signatureHeader] = signWebhook(channel.signingKey, text, atMs);
  return { body: text, headers };
}
