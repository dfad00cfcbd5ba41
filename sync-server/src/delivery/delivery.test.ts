import { createHmac } from 'node:crypto';
import { type Agreement, type HandoffEvent, templateTerms } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookSink, type WebhookSink } from '../../../test/support/webhook-sink.js';
import { silentLog } from '../log.js';
import { addressPolicy, checkTargetUrl, parseCidrList } from './address-policy.js';
import { renderForChannel, slackMessage, teamsMessage } from './channel-formats.js';
import { type DeliveryQueueOptions, retryDelayMs, startDeliveryQueue } from './delivery-queue.js';
import { type Channel, deliveryStore } from './delivery-store.js';
import { escalationMessage, headlineOf } from './escalation-message.js';
import { deliveriesFor } from './route-escalation.js';
import { newSigningKey, signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const startedAtMs = Date.UTC(2026, 11, 4, 15, 0);
const agreement = { id: 'main', title: 'Main', terms: templateTerms() } as unknown as Agreement;
const members = [
  { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
  { userId: 'mia', displayName: 'Mia Marketing', partyId: 'marketing' },
  { userId: 'ada', displayName: 'Ada AE', partyId: 'ae' },
];
const handoff = testHandoff('maya', startedAtMs, {
  agreementId: 'main',
  priority: 'warm',
  fromUserId: 'mia',
  toUserId: 'sam',
  lead: {
    crm: 'hubspot',
    objectType: '0-1',
    recordId: '501',
    url: 'https://app.hubspot.com/contacts/1/record/0-1/501',
    displayName: 'Maya Patel',
  },
});
type EscalatedEvent = Extract<HandoffEvent, { type: 'escalated' }>;
const escalated = (atPercent: number, targets: EscalatedEvent['targets']): EscalatedEvent => ({
  id: `maya:escalated:mql-response:1:${atPercent}`,
  handoffId: 'maya',
  atMs: startedAtMs + atPercent * 60_000,
  byUserId: 'pactline',
  type: 'escalated',
  ruleId: 'mql-response',
  atPercent,
  notifiedUserIds: [],
  targets,
});

/** Whether `header` signs `body` with `key`, computed here as a receiver would, not by our code. */
function receiverVerifies(header: string | string[] | undefined, body: string, key: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (match === null) return false;
  return createHmac('sha256', key).update(`${match[1]}.${body}`).digest('hex') === match[2];
}

describe('webhook targets', () => {
  const policy = addressPolicy();

  it('refuses every address that is not public unicast, IPv4-mapped forms included', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '[::1]',
    ])
      expect(policy.refusal(address), address).toMatch(/address|not an IP/);
    for (const address of ['8.8.8.8', '52.1.2.3', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(policy.refusal(address), address).toBeNull();
    expect(policy.refusal('169.254.169.254')).toContain('link-local');
    expect(policy.refusal('100.64.0.1')).toContain('carrier-grade NAT');
  });

  it('opens exactly the ranges PACTLINE_WEBHOOK_ALLOW names', () => {
    const parsed = parseCidrList('127.0.0.1/32, 10.0.0.0/8 ::1');
    expect(parsed).toEqual({ ok: true, ranges: ['127.0.0.1/32', '10.0.0.0/8', '::1/128'] });
    const open = addressPolicy(parsed.ok ? parsed.ranges : []);
    expect(open.refusal('127.0.0.1')).toBeNull();
    expect(open.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(open.refusal('10.200.0.1')).toBeNull();
    expect(open.refusal('::1')).toBeNull();
    expect(open.refusal('127.0.0.2')).toContain('loopback');
    expect(open.refusal('192.168.0.1')).toContain('private');
    expect(parseCidrList('10.0.0.0/33')).toEqual({ ok: false, message: '"10.0.0.0/33" is not a CIDR range' });
    expect(parseCidrList('intranet')).toMatchObject({ ok: false });
  });

  it('checks the scheme, credentials and every address a name resolves to', async () => {
    expect(await checkTargetUrl('ftp://hooks.example/x', policy)).toMatchObject({
      ok: false,
      code: 'invalid_url',
    });
    expect(await checkTargetUrl('not a url', policy)).toMatchObject({ ok: false, code: 'invalid_url' });
    expect(await checkTargetUrl('https://user:pw@8.8.8.8/x', policy)).toMatchObject({
      ok: false,
      code: 'invalid_url',
    });
    expect(await checkTargetUrl('http://10.0.0.5/hook', policy)).toMatchObject({
      ok: false,
      code: 'unsafe_target',
    });
    expect(await checkTargetUrl('http://[::ffff:127.0.0.1]:8080/', policy)).toMatchObject({
      ok: false,
      code: 'unsafe_target',
    });
    // A name is judged by what it resolves to: localhost is loopback.
    const local = await checkTargetUrl('http://localhost:9/hook', policy);
    expect(local).toMatchObject({ ok: false, code: 'unsafe_target' });
    expect(local.ok ? '' : local.message).toContain('localhost resolves to');
    expect(await checkTargetUrl('https://8.8.8.8/hook', policy)).toMatchObject({ ok: true });
  });

  it("refuses inside the connection's own lookup, where a rebinding name is caught", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      policy.lookup('localhost', { all: true }, (found) => resolve(found)),
    );
    expect(error?.code).toBe('EUNSAFETARGET');
  });
});

describe('webhook signatures', () => {
  it('signs timestamp and body so a receiver can verify them, and nothing else', () => {
    const key = newSigningKey();
    const body = JSON.stringify({ id: 'e1:ch', type: 'escalation' });
    const nowMs = Date.UTC(2026, 11, 7, 12);
    const header = signWebhook(key, body, nowMs);
    expect(receiverVerifies(header, body, key)).toBe(true);
    expect(verifyWebhookSignature(header, body, key, nowMs + 60_000)).toBe(true);
    expect(verifyWebhookSignature(header, `${body} `, key, nowMs)).toBe(false);
    expect(verifyWebhookSignature(header, body, newSigningKey(), nowMs)).toBe(false);
    // A replay ten minutes later is refused by the default tolerance.
    expect(verifyWebhookSignature(header, body, key, nowMs + 600_000)).toBe(false);
    expect(verifyWebhookSignature('t=x,v1=y', body, key, nowMs)).toBe(false);
  });
});

describe('escalation messages', () => {
  it('say the rung in business time, who holds the lead, and link the record and the handoff', () => {
    expect(headlineOf(80, 240)).toBe('80 % of 4 h used');
    expect(headlineOf(100, 240)).toBe('breached: 4 h used');
    expect(headlineOf(115, 240)).toBe('over by 0:36 business time');
    expect(headlineOf(50, 90)).toBe('50 % of 1 h 30 min used');
    const reassigned = {
      ...handoff,
      events: [
        {
          id: 'r1',
          handoffId: 'maya',
          atMs: startedAtMs + 10 * 60_000,
          byUserId: 'sam',
          type: 'reassigned' as const,
          toPartyId: 'ae',
          toUserId: 'ada',
        },
      ],
    };
    const message = escalationMessage({
      workspace: 'acme',
      agreement,
      handoff: reassigned,
      event: escalated(80, [{ kind: 'receiver' }, { kind: 'party', partyId: 'sdr' }]),
      members,
      appUrl: 'http://localhost:5173/',
    });
    expect(message).toMatchObject({
      workspace: 'acme',
      reason: 'rung',
      headline: '80 % of 4 h used',
      rule: { id: 'mql-response', name: 'MQL response', targetMinutes: 240 },
      lead: {
        name: 'Maya Patel',
        crm: 'hubspot',
        recordUrl: 'https://app.hubspot.com/contacts/1/record/0-1/501',
      },
      holder: { name: 'Ada AE', party: 'Account executives' },
      sender: { name: 'Mia Marketing', party: 'Marketing' },
      recipients: ['Sam SDR', 'Sales development'],
      handoffUrl: 'http://localhost:5173/#/log/maya',
    });
  });

  it('route each recipient to the channels their party chose, one message per channel', () => {
    const channel = (id: string, forParties: Channel['forParties']): Channel => ({
      workspace: 'acme',
      id,
      kind: 'webhook',
      name: id,
      url: 'https://8.8.8.8/hook',
      signingKey: null,
      forParties,
      createdAtMs: 0,
      updatedAtMs: 0,
    });
    const routed = deliveriesFor({
      workspace: 'acme',
      agreement,
      handoff,
      event: escalated(100, [
        { kind: 'party', partyId: 'sdr' },
        { kind: 'sender' },
        { kind: 'user', userId: 'ada' },
      ]),
      members,
      channels: [
        channel('sdr-room', ['sdr']),
        channel('marketing-room', ['marketing']),
        channel('ops', 'all'),
      ],
      appUrl: null,
    });
    expect(
      routed.deliveries.map((delivery) => [delivery.idempotencyKey, delivery.message.recipients]),
    ).toEqual([
      ['maya:escalated:mql-response:1:100:sdr-room', ['Sales development']],
      ['maya:escalated:mql-response:1:100:ops', ['Sales development', 'Mia Marketing', 'Ada AE']],
      ['maya:escalated:mql-response:1:100:marketing-room', ['Mia Marketing']],
    ]);
    expect(routed.unreached).toEqual([]);
    const partial = deliveriesFor({
      workspace: 'acme',
      agreement,
      handoff,
      event: escalated(100, [
        { kind: 'user', userId: 'ada' },
        { kind: 'user', userId: 'ghost' },
      ]),
      members,
      channels: [channel('sdr-room', ['sdr'])],
      appUrl: null,
    });
    expect(partial).toEqual({ deliveries: [], unreached: ['Ada AE', 'ghost'] });
    // A channel the rung names reaches itself, beside the people its party channel reaches; one
    // since removed from the relay is reported, not guessed at.
    const named = deliveriesFor({
      workspace: 'acme',
      agreement,
      handoff,
      event: {
        ...escalated(100, [{ kind: 'user', userId: 'sam' }]),
        channels: [
          { kind: 'channel', channelId: 'ops', name: '#ops (renamed since)' },
          { kind: 'channel', channelId: 'sdr-room', name: 'SDR room' },
          { kind: 'channel', channelId: 'gone', name: '#gone' },
        ],
      },
      members,
      channels: [channel('sdr-room', ['sdr']), channel('ops', ['marketing'])],
      appUrl: null,
    });
    expect(named.deliveries.map((delivery) => [delivery.channelId, delivery.message.recipients])).toEqual([
      ['sdr-room', ['Sam SDR', 'sdr-room']],
      ['ops', ['ops']],
    ]);
    expect(named.unreached).toEqual(['#gone (no such channel on this relay)']);
  });
});

describe('channel formats', () => {
  const message = escalationMessage({
    workspace: 'acme',
    agreement,
    handoff: { ...handoff, lead: { ...handoff.lead, displayName: 'Maya <Patel> & Co' } },
    event: escalated(100, [{ kind: 'receiver' }]),
    members,
    appUrl: 'https://pactline.example.com',
  });
  const dueAt = new Date(startedAtMs + 100 * 60_000).toISOString();

  it('gives Slack a Block Kit message with the rung, the holder and both links, escaped', () => {
    expect(slackMessage(message, false)).toEqual({
      text: 'Breached: Maya &lt;Patel&gt; &amp; Co, MQL response: breached: 4 h used',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: 'Breached: Maya <Patel> & Co, MQL response', emoji: false },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Clock*\nbreached: 4 h used' },
            { type: 'mrkdwn', text: '*Held by*\nSam SDR (Sales development)' },
            { type: 'mrkdwn', text: '*Handed off by*\nMia Marketing (Marketing)' },
            { type: 'mrkdwn', text: '*For*\nSam SDR' },
          ],
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open in HubSpot', emoji: false },
              url: 'https://app.hubspot.com/contacts/1/record/0-1/501',
              style: 'primary',
            },
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open the handoff', emoji: false },
              url: 'https://pactline.example.com/#/log/maya',
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Pactline · acme · due ${dueAt}` }] },
      ],
    });
  });

  it('gives Teams the same content as an Adaptive Card', () => {
    expect(teamsMessage(message, true)).toEqual({
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
                text: 'Test: Maya <Patel> & Co, MQL response',
                weight: 'Bolder',
                size: 'Medium',
                wrap: true,
                color: 'Attention',
              },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Clock', value: 'breached: 4 h used' },
                  { title: 'Held by', value: 'Sam SDR (Sales development)' },
                  { title: 'Handed off by', value: 'Mia Marketing (Marketing)' },
                  { title: 'For', value: 'Sam SDR' },
                ],
              },
              {
                type: 'TextBlock',
                text: `Pactline · acme · due ${dueAt}`,
                isSubtle: true,
                size: 'Small',
                wrap: true,
              },
            ],
            actions: [
              {
                type: 'Action.OpenUrl',
                title: 'Open in HubSpot',
                url: 'https://app.hubspot.com/contacts/1/record/0-1/501',
              },
              {
                type: 'Action.OpenUrl',
                title: 'Open the handoff',
                url: 'https://pactline.example.com/#/log/maya',
              },
            ],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
  });

  it('signs only the generic webhook, and sends the idempotency key to every kind', () => {
    const delivery = {
      id: 1,
      workspace: 'acme',
      idempotencyKey: 'e1:ch',
      channelId: 'ch',
      message,
      isTest: false,
      status: 'pending' as const,
      attempts: 0,
      createdAtMs: startedAtMs,
      nextAttemptAtMs: startedAtMs,
      finishedAtMs: null,
      lastError: null,
    };
    const channel = (kind: Channel['kind'], signingKey: string | null): Channel => ({
      workspace: 'acme',
      id: 'ch',
      kind,
      name: kind,
      url: 'https://8.8.8.8/hook',
      signingKey,
      forParties: 'all',
      createdAtMs: 0,
      updatedAtMs: 0,
    });
    const key = newSigningKey();
    const signed = renderForChannel(channel('webhook', key), delivery, Date.now());
    expect(receiverVerifies(signed.headers['Pactline-Signature'], signed.body, key)).toBe(true);
    expect(JSON.parse(signed.body)).toEqual({
      id: 'e1:ch',
      type: 'escalation',
      workspace: 'acme',
      createdAt: new Date(startedAtMs).toISOString(),
      escalation: message,
    });
    for (const kind of ['slack', 'teams'] as const) {
      const rendered = renderForChannel(channel(kind, null), delivery, Date.now());
      expect(rendered.headers).toEqual({ 'Idempotency-Key': 'e1:ch' });
      expect(JSON.parse(rendered.body)).toEqual(
        kind === 'slack' ? slackMessage(message, false) : teamsMessage(message, false),
      );
    }
  });
});

describe('the delivery queue', () => {
  const sinks: WebhookSink[] = [];
  const queues: { close(): void }[] = [];
  afterEach(async () => {
    for (const queue of queues.splice(0)) queue.close();
    for (const sink of sinks.splice(0)) await sink.close();
  });

  async function setUp(
    options: Partial<DeliveryQueueOptions> = {},
    ...answers: Parameters<typeof startWebhookSink>
  ) {
    const sink = await startWebhookSink(...answers);
    sinks.push(sink);
    const store = deliveryStore(new Database(':memory:'));
    const signingKey = newSigningKey();
    store.putChannel({
      workspace: 'acme',
      id: 'ops',
      kind: 'webhook',
      name: 'Sales ops',
      url: sink.url,
      signingKey,
      forParties: 'all',
    });
    const queue = startDeliveryQueue({
      store,
      policy: addressPolicy(['127.0.0.1/32']),
      log: silentLog,
      retryBaseMs: 20,
      retryMaxMs: 100,
      timeoutMs: 300,
      ...options,
    });
    queues.push(queue);
    const message = escalationMessage({
      workspace: 'acme',
      agreement,
      handoff,
      event: escalated(80, [{ kind: 'receiver' }]),
      members,
      appUrl: null,
    });
    const enqueue = (key: string) => {
      store.enqueue([{ workspace: 'acme', idempotencyKey: key, channelId: 'ops', message }]);
      queue.wake();
    };
    return { sink, store, queue, signingKey, enqueue };
  }

  it('retries a failing endpoint and records every attempt; the key and a valid signature on each', async () => {
    const { sink, store, queue, signingKey, enqueue } = await setUp(
      {},
      { status: 500 },
      { status: 500 },
      { status: 200 },
    );
    enqueue('e1:ops');
    enqueue('e1:ops');
    await queue.settled();
    expect(sink.requests).toHaveLength(3);
    for (const request of sink.requests) {
      expect(request.headers['idempotency-key']).toBe('e1:ops');
      expect(receiverVerifies(request.headers['pactline-signature'], request.body, signingKey)).toBe(true);
      expect(JSON.parse(request.body)).toMatchObject({
        id: 'e1:ops',
        type: 'escalation',
        workspace: 'acme',
        escalation: { headline: '80 % of 4 h used', lead: { name: 'Maya Patel' } },
      });
    }
    const [delivery] = store.deliveries('acme', { limit: 10 });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(store.attempts(delivery?.id ?? 0).map((attempt) => [attempt.statusCode, attempt.outcome])).toEqual(
      [
        [500, 'retry'],
        [500, 'retry'],
        [200, 'delivered'],
      ],
    );
  });

  it('times out a hung endpoint and tries again', async () => {
    const { sink, store, queue, enqueue } = await setUp({}, 'hang', { status: 204 });
    enqueue('e2:ops');
    await queue.settled();
    const [delivery] = store.deliveries('acme', { limit: 10 });
    expect(delivery?.status).toBe('delivered');
    const attempts = store.attempts(delivery?.id ?? 0);
    expect(attempts[0]).toMatchObject({
      outcome: 'retry',
      statusCode: null,
      error: 'no answer within 300 ms',
    });
    expect(attempts[1]).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    expect(sink.requests).toHaveLength(2);
  });

  it('does not follow a redirect, and fails at once on a refused target or a 4xx', async () => {
    const other = await startWebhookSink();
    sinks.push(other);
    const { sink, store, queue, enqueue } = await setUp(
      { policy: addressPolicy([]) },
      { status: 302, headers: { location: other.url } },
    );
    // Not allowed at all: refused before any connection.
    enqueue('e3:ops');
    await queue.settled();
    expect(sink.requests).toHaveLength(0);
    const refused = store.deliveries('acme', { limit: 10 })[0];
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused?.lastError).toContain('loopback');

    const allowed = await setUp({}, { status: 302, headers: { location: other.url } });
    allowed.enqueue('e4:ops');
    await allowed.queue.settled();
    expect(allowed.sink.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    expect(allowed.store.deliveries('acme', { limit: 10 })[0]).toMatchObject({
      status: 'failed',
      lastError: `redirect to ${other.url} not followed`,
    });

    const gone = await setUp({}, { status: 410 });
    gone.enqueue('e5:ops');
    await gone.queue.settled();
    expect(gone.sink.requests).toHaveLength(1);
    expect(gone.store.deliveries('acme', { limit: 10 })[0]).toMatchObject({
      status: 'failed',
      lastError: 'answered 410',
    });
    // "Retry now" makes it due again.
    const id = gone.store.deliveries('acme', { limit: 10 })[0]?.id ?? 0;
    gone.sink.answer({ status: 200 });
    expect(gone.store.retryNow('acme', id, Date.now())).toBe(true);
    gone.queue.wake();
    await gone.queue.settled();
    expect(gone.store.delivery('acme', id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('gives up after the retry window and says so', async () => {
    const { sink, store, queue, enqueue } = await setUp({ giveUpAfterMs: 150 }, { status: 503 });
    enqueue('e6:ops');
    await queue.settled();
    const [delivery] = store.deliveries('acme', { limit: 10 });
    expect(delivery?.status).toBe('failed');
    expect(delivery?.lastError).toMatch(/^answered 503; gave up after \d+ attempts$/);
    expect(sink.requests.length).toBe(delivery?.attempts);
    expect(sink.requests.length).toBeGreaterThan(1);
  });

  it('sends at most the per-host limit to one host at once, and reads at most 64 KB of an answer', async () => {
    const { sink, store, queue, enqueue } = await setUp(
      { perHostConcurrency: 2, timeoutMs: 5_000 },
      { status: 200, body: 'x'.repeat(1024 * 1024) },
    );
    for (let index = 0; index < 10; index++) enqueue(`burst-${index}:ops`);
    await queue.settled();
    expect(sink.requests).toHaveLength(10);
    expect(sink.mostOpen).toBeLessThanOrEqual(2);
    const delivered = store.deliveries('acme', { status: 'delivered', limit: 20 });
    expect(delivered).toHaveLength(10);
    expect(store.attempts(delivered[0]?.id ?? 0)[0]?.response.length).toBe(500);
  });

  it('lets a busy host hold back only its own deliveries', async () => {
    const { sink, store, queue, enqueue } = await setUp(
      { perHostConcurrency: 1, concurrency: 2, timeoutMs: 5_000 },
      { status: 200, delayMs: 30 },
    );
    const other = await startWebhookSink({ status: 200 });
    sinks.push(other);
    store.putChannel({
      workspace: 'acme',
      id: 'other',
      kind: 'webhook',
      name: 'Other',
      url: other.url,
      signingKey: null,
      forParties: 'all',
    });
    for (let index = 0; index < 12; index++) enqueue(`slow-${index}:ops`);
    const [queued] = store.deliveries('acme', { limit: 1 });
    if (queued === undefined) throw new Error('nothing queued');
    store.enqueue([
      { workspace: 'acme', idempotencyKey: 'fast:other', channelId: 'other', message: queued.message },
    ]);
    queue.wake();
    await queue.settled();
    expect(sink.requests).toHaveLength(12);
    expect(sink.mostOpen).toBe(1);
    // Queued last, it went out while the slow host still had its first request.
    expect(other.requests[0]?.receivedAtMs).toBeLessThan(sink.requests[1]?.receivedAtMs ?? 0);
  });

  it('waits between retries with jittered, doubling, capped delays', () => {
    expect(retryDelayMs(1, 30_000, 3_600_000, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, 30_000, 3_600_000, () => 0.999_999)).toBe(30_000);
    expect(retryDelayMs(4, 30_000, 3_600_000, () => 0)).toBe(120_000);
    expect(retryDelayMs(20, 30_000, 3_600_000, () => 0.5)).toBe(2_700_000);
  });
});
