import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escalatedEventId, type HandoffWithEvents } from '@pactline/shared';
import {
  appendHandoff,
  handoffsRoomFor,
  readAgreement,
  readHandoffLog,
  upsertRule,
} from '@pactline/shared/doc';
import { testHandoff } from '@pactline/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { demoWeek } from '../../scripts/demo/demo-workspace.js';
import { writeWorkspaceSeed } from '../../scripts/seed/workspace-seed.js';
import { seedTokens, writeThroughRelay } from '../support/extension-workspace.js';
import { connectProvider, waitFor } from '../support/relay-clients.js';
import { type RunningRelay, startRelay } from '../support/relay-process.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const minuteMs = 60_000;
/** A path as secret as a Slack webhook's: it must never come back from the relay. */
const secretPath = '/services/T0PACTLINE/B0SECRET/9f8e7d6c5b4a39281706';

type DeliveryView = {
  id: number;
  idempotencyKey: string;
  isTest: boolean;
  status: string;
  attempts: number;
  attemptLog: { statusCode: number | null }[];
};
type ApiBody = {
  error?: string;
  signingKey?: string;
  channels?: { url?: string }[];
  delivery?: DeliveryView;
  deliveries?: DeliveryView[];
};

function receiverVerifies(header: unknown, body: string, key: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  return match !== null && createHmac('sha256', key).update(`${match[1]}.${body}`).digest('hex') === match[2];
}

describe('escalations delivered to channels', () => {
  let relay: RunningRelay;
  let sink: WebhookSink;
  let signingKey = '';
  beforeAll(async () => {
    sink = await startWebhookSink({ status: 200 });
    relay = await startRelay({
      env: {
        PACTLINE_WEBHOOK_ALLOW: '127.0.0.1/32',
        PACTLINE_DELIVERY_RETRY_BASE_MS: '50',
        PACTLINE_DELIVERY_TIMEOUT_MS: '20000',
        PACTLINE_APP_URL: 'http://localhost:5173',
      },
    });
  });
  afterAll(async () => {
    await relay?.kill('SIGKILL');
    await sink?.close();
  });

  /** An SLA whose calendar never closes, Mia in marketing and Sam in SDR, and these handoffs. */
  const seedAroundTheClock = (
    workspace: string,
    admin: string,
    startedAtMs: number,
    handoffs: HandoffWithEvents[],
  ) =>
    writeWorkspaceSeed(
      {
        workspace,
        agreement: {
          id: 'main',
          title: 'SLA',
          createdAtMs: startedAtMs - 30 * minuteMs,
          calendar: { name: 'Around the clock', week: demoWeek },
        },
        members: [
          { userId: 'mia', displayName: 'Mia Marketing', partyId: 'marketing' },
          { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr' },
        ],
        handoffs,
      },
      async (room, body, as) =>
        writeThroughRelay(relay.url, await seedTokens(relay, workspace, admin)(as), room, body),
    );

  const token = (role: 'admin' | 'editor' | 'viewer', ws = 'acme') =>
    relay.mintToken({ ws, sub: `${role}-1`, role });
  async function api(method: string, path: string, bearer: string | null, body?: unknown, ws = 'acme') {
    const response = await fetch(`${relay.httpUrl}/api/workspaces/${ws}${path}`, {
      method,
      headers: {
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as ApiBody };
  }

  it('lets only the workspace’s admins see and change channels, and keeps their secrets', async () => {
    const admin = await token('admin');
    const channel = {
      kind: 'webhook',
      name: 'Sales ops',
      url: `${sink.url.replace('/hook', '')}${secretPath}`,
      forParties: 'all',
    };
    // Tried: no token, a forged one, an editor, a viewer, an admin of another workspace.
    expect((await api('GET', '/channels', null)).json.error).toBe('missing_token');
    expect((await api('GET', '/channels', 'not-a-token')).status).toBe(401);
    for (const other of [await token('editor'), await token('viewer'), await token('admin', 'globex')]) {
      expect((await api('GET', '/channels', other)).status).toBe(403);
      expect((await api('PUT', '/channels/ops', other, channel)).status).toBe(403);
      expect((await api('POST', '/channels/ops/test', other)).status).toBe(403);
      expect((await api('GET', '/deliveries', other)).status).toBe(403);
    }
    // The PWA calls from its own origin: the preflight is answered.
    const preflight = await fetch(`${relay.httpUrl}/api/workspaces/acme/channels`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    // Bodies are validated, and a target inside the relay's network is refused at save.
    expect((await api('PUT', '/channels/ops', admin, '{not json')).json.error).toBe('invalid_json');
    expect((await api('PUT', '/channels/ops', admin, { ...channel, kind: 'fax' })).json.error).toBe(
      'invalid_channel',
    );
    expect((await api('PUT', '/channels/ops', admin, { ...channel, extra: 1 })).status).toBe(400);
    const internal = await api('PUT', '/channels/ops', admin, { ...channel, url: 'http://10.1.2.3/hook' });
    expect(internal).toMatchObject({ status: 422, json: { error: 'unsafe_target' } });
    expect((await api('PUT', '/channels/ops', admin, { ...channel, url: 'file:///etc/passwd' })).status).toBe(
      422,
    );
    expect((await api('GET', '/channels', admin)).json.channels).toEqual([]);

    const created = await api('PUT', '/channels/ops', admin, channel);
    expect(created.status).toBe(201);
    signingKey = created.json.signingKey ?? '';
    expect(signingKey).toMatch(/^whsec_/);
    const listed = await api('GET', '/channels', admin);
    expect(listed.json.channels).toEqual([
      expect.objectContaining({
        id: 'ops',
        kind: 'webhook',
        name: 'Sales ops',
        isSigned: true,
        forParties: 'all',
      }),
    ]);
    expect(listed.json.channels?.[0]?.url).toBe(`http://127.0.0.1:${sink.port}/…/1706`);
    // Saved again without a key or URL: both stay, and the key is not shown again.
    const { url: _kept, ...withoutUrl } = channel;
    const updated = await api('PUT', '/channels/ops', admin, { ...withoutUrl, name: 'Sales ops team' });
    expect((await api('PUT', '/channels/new', admin, withoutUrl)).json.error).toBe('invalid_channel');
    expect(updated.status).toBe(200);
    expect(updated.json.signingKey).toBeUndefined();
    for (const answer of [listed, updated]) {
      expect(answer.text).not.toContain('B0SECRET');
      expect(answer.text).not.toContain(signingKey);
    }
  });

  it('sends a test message, retries a failing endpoint and records each attempt; "retry now" sends again', async () => {
    const admin = await token('admin');
    sink.answer({ status: 500 }, { status: 500 }, { status: 200 });
    const queued = await api('POST', '/channels/ops/test', admin);
    expect(queued.status).toBe(202);
    const id = queued.json.delivery?.id;
    const delivered = await waitFor(
      async () => {
        const { json } = await api('GET', '/deliveries?status=delivered', admin);
        return json.deliveries?.find((delivery) => delivery.id === id);
      },
      { what: 'the test message delivered' },
    );
    expect(delivered.attemptLog.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    expect(delivered.isTest).toBe(true);
    const tests = sink.requests.filter((request) => JSON.parse(request.body).type === 'test');
    expect(tests).toHaveLength(3);
    expect(new Set(tests.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    for (const request of tests)
      expect(receiverVerifies(request.headers['pactline-signature'], request.body, signingKey)).toBe(true);
    expect((await api('GET', '/deliveries?status=sent', admin)).json.error).toBe('invalid_query');
    // A delivered message is not sent again by "retry now"; a failed one is.
    expect((await api('POST', `/deliveries/${id}/retry`, admin)).status).toBe(404);
    sink.answer({ status: 404 });
    const failing = (await api('POST', '/channels/ops/test', admin)).json.delivery?.id;
    await waitFor(
      async () => (await api('GET', '/deliveries?status=failed', admin)).json.deliveries?.length === 1,
      {
        what: 'a 404 failed at once',
      },
    );
    sink.answer({ status: 200 });
    expect((await api('POST', `/deliveries/${failing}/retry`, admin)).status).toBe(200);
    await waitFor(
      async () => (await api('GET', '/deliveries?status=failed', admin)).json.deliveries?.length === 0,
      {
        what: 'the retried message delivered',
      },
    );
  });

  it('speaks Slack’s Block Kit and Teams’ Adaptive Cards to those channels, unsigned', async () => {
    const admin = await token('admin');
    sink.answer({ status: 200, body: 'ok' });
    for (const kind of ['slack', 'teams'] as const) {
      const saved = await api('PUT', `/channels/${kind}`, admin, {
        kind,
        name: `${kind} room`,
        url: `http://127.0.0.1:${sink.port}/${kind}/T0/B0/secret`,
        forParties: ['sdr'],
      });
      expect(saved.status).toBe(201);
      expect(saved.json.signingKey).toBeUndefined();
      const before = sink.requests.length;
      expect((await api('POST', `/channels/${kind}/test`, admin)).status).toBe(202);
      const request = await waitFor(
        () => sink.requests.slice(before).find((entry) => entry.path.startsWith(`/${kind}/`)),
        {
          what: `the ${kind} test message`,
        },
      );
      expect(request.headers['pactline-signature']).toBeUndefined();
      const body = JSON.parse(request.body);
      if (kind === 'slack') {
        expect(body.blocks[0]).toEqual({
          type: 'header',
          text: { type: 'plain_text', text: 'Test: Example lead, Test message', emoji: false },
        });
        expect(body.text).toContain('Test message from Pactline to slack room');
      } else {
        expect(body.type).toBe('message');
        expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(body.attachments[0].content.body[0].text).toBe('Test: Example lead, Test message');
      }
      expect((await api('DELETE', `/channels/${kind}`, admin)).status).toBe(200);
    }
    expect((await api('DELETE', '/channels/slack', admin)).status).toBe(404);
  });

  it('delivers a rung that falls due with every client gone, once, and again after a kill -9 mid-request', async () => {
    const admin = await token('admin');
    // The 80 % rung of a hot lead (15 minutes) falls due a few seconds after the seed; the
    // endpoint will hold the request, and the relay is killed while it waits.
    sink.answer('hang');
    const before = sink.requests.length;
    const startedAtMs = Date.now() - 12 * minuteMs + 8_000;
    const { events: _none, ...handoff } = testHandoff('maya', startedAtMs, {
      agreementId: 'main',
      priority: 'hot',
      fromUserId: 'mia',
      toUserId: 'sam',
    });
    await seedAroundTheClock('acme', admin, startedAtMs, [{ ...handoff, events: [] }]);
    await waitFor(() => sink.requests.length > before, {
      what: 'the rung sent to the sink',
      timeoutMs: 30_000,
    });
    const held = sink.requests.at(-1);
    const key = held?.headers['idempotency-key'];
    expect(key).toBe(`${escalatedEventId('maya', 'mql-response', startedAtMs, 80)}:ops`);
    const body = JSON.parse(held?.body ?? '{}');
    expect(body).toMatchObject({
      id: key,
      type: 'escalation',
      workspace: 'acme',
      escalation: {
        headline: '80 % of 15 min used',
        lead: { name: 'maya', crm: 'hubspot' },
        holder: { name: 'Sam SDR', party: 'Sales development' },
        recipients: ['Sam SDR'],
        handoffUrl: 'http://localhost:5173/#/log/maya',
      },
    });

    // While the endpoint hangs, sync goes on: an update crosses between two clients.
    const writer = connectProvider(relay.url, 'acme/agreement/notes', admin);
    const reader = connectProvider(relay.url, 'acme/agreement/notes', admin);
    await Promise.all([writer.synced(), reader.synced()]);
    writer.doc.getText('t').insert(0, 'still syncing');
    await waitFor(() => reader.doc.getText('t').toString() === 'still syncing', {
      what: 'sync during a hung delivery',
    });
    expect(sink.open).toBeGreaterThan(0);
    writer.destroy();
    reader.destroy();

    await relay.kill('SIGKILL');
    sink.answer({ status: 200 });
    await relay.restart();
    await waitFor(
      () => sink.requests.filter((request) => request.headers['idempotency-key'] === key).length === 2,
      {
        what: 'the rung sent again after the restart',
        timeoutMs: 30_000,
      },
    );
    const escalations = await waitFor(
      async () => {
        const { json } = await api('GET', '/deliveries?status=delivered', admin);
        const found = (json.deliveries ?? []).filter((delivery) => !delivery.isTest);
        return found.length > 0 && found;
      },
      { what: 'the rung marked delivered' },
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ idempotencyKey: key, status: 'delivered', attempts: 1 });
    for (const request of sink.requests.filter((entry) => entry.headers['idempotency-key'] === key))
      expect(receiverVerifies(request.headers['pactline-signature'], request.body, signingKey)).toBe(true);
    expect(
      await relay.metric('pactline_relay_delivery_attempts_total', { kind: 'webhook', outcome: 'delivered' }),
    ).toBeGreaterThan(0);
    expect(await relay.metric('pactline_relay_deliveries_queued')).toBe(0);

    // No secret in any synced document or log line.
    for (const room of ['acme/directory', 'acme/agreement/main', handoffsRoomFor('acme', startedAtMs)]) {
      const client = connectProvider(relay.url, room, admin);
      await client.synced();
      const state = Buffer.from(Y.encodeStateAsUpdate(client.doc)).toString('latin1');
      expect(state).not.toContain('B0SECRET');
      expect(state).not.toContain(signingKey);
      client.destroy();
    }
    const logs = JSON.stringify(relay.logs);
    expect(logs).not.toContain('B0SECRET');
    expect(logs).not.toContain(signingKey);
    // The channel's secrets are in the relay's own database only, not in its document store.
    const files = readdirSync(relay.dataDir).filter((name) => !name.startsWith('notifications.sqlite'));
    expect(files.some((name) => name.startsWith('relay.sqlite'))).toBe(true);
    for (const name of files)
      expect(readFileSync(join(relay.dataDir, name)).toString('latin1')).not.toContain('B0SECRET');
  });

  it('reaches a channel a rung names directly, which editors pick by name and never see the address of', async () => {
    const admin = await token('admin', 'globex');
    const editor = await token('editor', 'globex');
    const named = {
      kind: 'webhook',
      name: 'Escalations room',
      url: `http://127.0.0.1:${sink.port}/named${secretPath}`,
      // No recipient of the rung is in this party: only naming the channel reaches it.
      forParties: ['ae'],
    };
    expect((await api('PUT', '/channels/escalations', admin, named, 'globex')).status).toBe(201);
    // Tried: a viewer, an admin of another workspace, no token; an editor gets names and kinds only.
    expect(
      (await api('GET', '/channel-names', await token('viewer', 'globex'), undefined, 'globex')).status,
    ).toBe(403);
    expect((await api('GET', '/channel-names', await token('admin'), undefined, 'globex')).status).toBe(403);
    expect((await api('GET', '/channel-names', null, undefined, 'globex')).status).toBe(401);
    const names = await api('GET', '/channel-names', editor, undefined, 'globex');
    expect(names.json.channels).toEqual([{ id: 'escalations', kind: 'webhook', name: 'Escalations room' }]);
    expect(names.text).not.toContain('B0SECRET');
    expect((await api('GET', '/channels', editor, undefined, 'globex')).status).toBe(403);

    sink.answer({ status: 200 });
    const before = sink.requests.length;
    const startedAtMs = Date.now() - 12 * minuteMs + 5_000;
    const { events: _none, ...handoff } = testHandoff('noor', startedAtMs, {
      agreementId: 'main',
      priority: 'hot',
      fromUserId: 'mia',
      toUserId: 'sam',
    });
    await seedAroundTheClock('globex', admin, startedAtMs, []);
    const channelTarget = { kind: 'channel', channelId: 'escalations', name: 'Escalations room' } as const;
    await writeThroughRelay(relay.url, editor, 'globex/agreement/main', (doc) => {
      const rule = readAgreement(doc).agreement?.terms.rules.find((each) => each.id === 'mql-response');
      if (rule?.kind !== 'response') throw new Error('no MQL response rule');
      return upsertRule(doc, { ...rule, escalation: [{ atPercent: 80, notify: [channelTarget] }] });
    });
    const room = handoffsRoomFor('globex', startedAtMs);
    // Handed off by Mia, on her own token: the log takes entries in no one else's name.
    const mia = await relay.mintToken({ ws: 'globex', sub: 'mia', role: 'editor' });
    await writeThroughRelay(relay.url, mia, room, (doc) => appendHandoff(doc, handoff));

    const request = await waitFor(
      () => sink.requests.slice(before).find((entry) => entry.path.startsWith('/named/')),
      { what: 'the rung sent to the channel it names', timeoutMs: 30_000 },
    );
    const eventId = escalatedEventId('noor', 'mql-response', startedAtMs, 80);
    expect(request.headers['idempotency-key']).toBe(`${eventId}:escalations`);
    expect(JSON.parse(request.body).escalation).toMatchObject({
      headline: '80 % of 15 min used',
      recipients: ['Escalations room'],
    });
    // The log says where the escalation went, in a field older clients may drop.
    const reader = connectProvider(relay.url, room, editor);
    await reader.synced();
    const event = readHandoffLog(reader.doc)
      .handoffs.find((each) => each.id === 'noor')
      ?.events.find((each) => each.id === eventId);
    expect(event).toMatchObject({ type: 'escalated', targets: [], channels: [channelTarget] });
    reader.destroy();
    expect(sink.requests.slice(before).filter((entry) => entry.path.startsWith('/named/'))).toHaveLength(1);
  });
});
