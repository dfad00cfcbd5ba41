import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canWrite, entityIdSchema, workspaceIdSchema } from '@pactline/shared';
import { z } from 'zod';
import { verifyToken } from '../tokens.js';
import { type AddressPolicy, checkTargetUrl } from './address-policy.js';
import {
  type Channel,
  channelKinds,
  type Delivery,
  type DeliveryStore,
  deliveryStatuses,
} from './delivery-store.js';
import type { EscalationMessage } from './escalation-message.js';
import { newSigningKey } from './webhook-signature.js';

/**
 * The relay's admin API for escalation channels and the delivery log (the PWA's Channels and
 * Deliveries screens use it; scripts can too). Every route takes `Authorization: Bearer <token>`
 * of role `admin` for the workspace in the path: none or an invalid one is 401, any other role or
 * workspace 403. Bodies are validated with zod; every error is JSON `{ error, message }`.
 *
 *   GET    /api/workspaces/{ws}/channel-names                (editors too: id, kind and name only)
 *   GET    /api/workspaces/{ws}/channels
 *   PUT    /api/workspaces/{ws}/channels/{id}        { kind, name, url?, forParties, signingKey? }
 *   DELETE /api/workspaces/{ws}/channels/{id}
 *   POST   /api/workspaces/{ws}/channels/{id}/test
 *   GET    /api/workspaces/{ws}/deliveries?status=&limit=
 *   POST   /api/workspaces/{ws}/deliveries/{id}/retry
 *
 * Secrets stay in the relay: a channel's URL is returned redacted (`https://hooks.example/…/Xk4Q`)
 * and its signing key only once, in the answer to the PUT that generated it.
 */
export type AdminApiOptions = {
  secret: string;
  store: DeliveryStore;
  policy: AddressPolicy;
  nowMs: () => number;
  /** Something was queued or made due. */
  onQueued: () => void;
};

const maxBodyBytes = 64 * 1024;

const channelBodySchema = z.strictObject({
  kind: z.enum(channelKinds),
  name: z.string().trim().min(1).max(200),
  /** Absent on an update: the URL stays (the admin only ever sees it redacted). */
  url: z.string().min(1).max(2000).optional(),
  forParties: z.union([z.literal('all'), z.array(entityIdSchema).max(100)]).default('all'),
  /** A key of the admin's own (at least 24 characters); absent: one is generated on creation. */
  signingKey: z.string().min(24).max(200).optional(),
});

const deliveriesQuerySchema = z.object({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type Answer = { status: number; body: unknown };
const fail = (status: number, error: string, message: string): Answer => ({
  status,
  body: { error, message },
});

/** `https://hooks.slack.com/…/AbCd`: where it goes, and enough of the secret part to tell two apart. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const secretPart = `${parsed.pathname}${parsed.search}`;
    return `${parsed.origin}/…/${secretPart.length > 8 ? secretPart.slice(-4) : ''}`;
  } catch {
    return '…';
  }
}

function channelView(channel: Channel) {
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    url: redactUrl(channel.url),
    forParties: channel.forParties,
    isSigned: channel.signingKey !== null,
    createdAt: new Date(channel.createdAtMs).toISOString(),
    updatedAt: new Date(channel.updatedAtMs).toISOString(),
  };
}

function deliveryView(delivery: Delivery, store: DeliveryStore) {
  return {
    id: delivery.id,
    idempotencyKey: delivery.idempotencyKey,
    channelId: delivery.channelId,
    isTest: delivery.isTest,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: new Date(delivery.createdAtMs).toISOString(),
    nextAttemptAt: delivery.status === 'pending' ? new Date(delivery.nextAttemptAtMs).toISOString() : null,
    finishedAt: delivery.finishedAtMs === null ? null : new Date(delivery.finishedAtMs).toISOString(),
    lastError: delivery.lastError,
    message: delivery.message,
    attemptLog: store.attempts(delivery.id).map((attempt) => ({
      at: new Date(attempt.atMs).toISOString(),
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      outcome: attempt.outcome,
      error: attempt.error,
    })),
  };
}

/** The message a "send test message" delivers: made up, and saying so. */
function testMessage(workspace: string, channel: Channel, nowMs: number): EscalationMessage {
  return {
    workspace,
    eventId: 'test',
    handoffId: 'test',
    reason: 'rung',
    atPercent: 80,
    dueAt: new Date(nowMs).toISOString(),
    rule: { id: 'test', name: 'Test message', targetMinutes: 240 },
    headline: `Test message from Pactline to ${channel.name}: 80 % of 4 h used`,
    lead: { name: 'Example lead', crm: 'test', recordUrl: 'https://example.com/' },
    holder: { name: 'Example rep', party: 'Example party' },
    sender: { name: 'Example sender', party: 'Example party' },
    recipients: [channel.name],
    handoffUrl: null,
  };
}

async function readJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; answer: Answer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes)
      return { ok: false, answer: fail(413, 'body_too_large', `bodies are at most ${maxBodyBytes} bytes`) };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, answer: fail(400, 'invalid_json', 'the body is not JSON') };
  }
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

/** Answers the request when it is an admin API route; false when the path is not one. */
export function adminApi(options: AdminApiOptions) {
  const { store } = options;

  async function route(req: IncomingMessage, segments: string[]): Promise<Answer> {
    const [, , workspace, collection, id, action] = segments;
    if (!workspaceIdSchema.safeParse(workspace).success || workspace === undefined)
      return fail(404, 'not_found', 'no such workspace path');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const auth = await verifyToken(options.secret, bearer, options.nowMs());
    if (!auth.ok)
      return fail(
        401,
        auth.code,
        auth.code === 'missing_token' ? 'send Authorization: Bearer <token>' : auth.message,
      );
    if (auth.claims.ws !== workspace) return fail(403, 'forbidden', 'this token is for another workspace');
    const method = req.method ?? 'GET';
    // Whoever edits rules picks channels by name: names and kinds only, never where they lead.
    if (collection === 'channel-names' && id === undefined && method === 'GET') {
      if (!canWrite(auth.claims.role))
        return fail(403, 'forbidden', 'channel names are for those who edit this workspace’s rules');
      return {
        status: 200,
        body: {
          channels: store
            .channels(workspace)
            .map((channel) => ({ id: channel.id, kind: channel.kind, name: channel.name })),
        },
      };
    }
    if (auth.claims.role !== 'admin')
      return fail(403, 'forbidden', 'channels and deliveries are for admins of this workspace');
    if (collection === 'channels' && id === undefined && method === 'GET')
      return { status: 200, body: { channels: store.channels(workspace).map(channelView) } };
    if (collection === 'channels' && id !== undefined && action === undefined) {
      if (!entityIdSchema.safeParse(id).success)
        return fail(400, 'invalid_id', 'a channel id is letters, digits, - and _');
      if (method === 'PUT') return putChannel(req, workspace, id);
      if (method === 'DELETE')
        return store.removeChannel(workspace, id)
          ? { status: 200, body: { removed: id } }
          : fail(404, 'not_found', `no channel "${id}"`);
    }
    if (collection === 'channels' && id !== undefined && action === 'test' && method === 'POST') {
      const channel = store.channel(workspace, id);
      if (channel === null) return fail(404, 'not_found', `no channel "${id}"`);
      const key = `test-${randomBytes(8).toString('hex')}:${id}`;
      store.enqueue([
        {
          workspace,
          idempotencyKey: key,
          channelId: id,
          message: testMessage(workspace, channel, options.nowMs()),
          isTest: true,
        },
      ]);
      options.onQueued();
      const queued = store
        .deliveries(workspace, { limit: 20 })
        .find((delivery) => delivery.idempotencyKey === key);
      return { status: 202, body: { delivery: queued === undefined ? null : deliveryView(queued, store) } };
    }
    if (collection === 'deliveries' && id === undefined && method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://relay');
      const query = deliveriesQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return fail(400, 'invalid_query', issuesOf(query.error));
      return {
        status: 200,
        body: {
          deliveries: store
            .deliveries(workspace, query.data)
            .map((delivery) => deliveryView(delivery, store)),
        },
      };
    }
    if (collection === 'deliveries' && id !== undefined && action === 'retry' && method === 'POST') {
      const deliveryId = Number(id);
      if (!Number.isInteger(deliveryId) || !store.retryNow(workspace, deliveryId, options.nowMs()))
        return fail(404, 'not_found', `no delivery ${id} to retry (delivered ones are not sent again)`);
      options.onQueued();
      const delivery = store.delivery(workspace, deliveryId);
      return { status: 200, body: { delivery: delivery === null ? null : deliveryView(delivery, store) } };
    }
    return fail(405, 'method_not_allowed', `${method} is not served on this path`);
  }

  async function putChannel(req: IncomingMessage, workspace: string, id: string): Promise<Answer> {
    const json = await readJson(req);
    if (!json.ok) return json.answer;
    const body = channelBodySchema.safeParse(json.value);
    if (!body.success) return fail(400, 'invalid_channel', issuesOf(body.error));
    const existing = store.channel(workspace, id);
    const url = body.data.url ?? existing?.url;
    if (url === undefined) return fail(400, 'invalid_channel', 'url: a new channel needs its webhook URL');
    const target = await checkTargetUrl(url, options.policy);
    if (!target.ok) return fail(422, target.code, target.message);
    // Slack and Teams authenticate by the secret URL alone; a generic webhook is signed.
    const isSigned = body.data.kind === 'webhook';
    const generated =
      isSigned && body.data.signingKey === undefined && (existing?.signingKey ?? null) === null
        ? newSigningKey()
        : null;
    const signingKey = isSigned ? (body.data.signingKey ?? existing?.signingKey ?? generated) : null;
    const channel = store.putChannel({
      workspace,
      id,
      kind: body.data.kind,
      name: body.data.name,
      url: target.url.toString(),
      signingKey,
      forParties: body.data.forParties,
    });
    // The key is shown once, when the relay made it; afterwards only that there is one.
    return {
      status: existing === null ? 201 : 200,
      body: { channel: channelView(channel), ...(generated === null ? {} : { signingKey: generated }) },
    };
  }

  return async function answer(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments[0] !== 'api' || segments[1] !== 'workspaces') return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders);
      res.end();
      return true;
    }
    let result: Answer;
    try {
      result = await route(
        req,
        segments.map((segment) => decodeURIComponent(segment)),
      );
    } catch {
      result = fail(400, 'invalid_request', 'the request could not be read');
    }
    res.writeHead(result.status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...corsHeaders,
    });
    res.end(JSON.stringify(result.body));
    return true;
  };
}
