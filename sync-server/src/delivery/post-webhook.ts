import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressPolicy } from './address-policy.js';
import { checkTargetUrl } from './address-policy.js';

/**
 * One POST to a webhook, as delivery makes it: the target checked again (the URL's own address,
 * and inside the connection's DNS lookup), no redirect followed, one deadline for the whole
 * exchange, and at most `maxResponseBytes` of the answer read (kept for the delivery log).
 *
 * Written on node:http rather than fetch: fetch cannot take a DNS lookup of our own, which is
 * where a name rebinding to a private address is caught.
 */
export type WebhookAttempt = {
  /** `delivered`: a 2xx. `retry`: worth trying again (5xx, 408, 429, timeout, network). `failed`: not. */
  outcome: 'delivered' | 'retry' | 'failed';
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The start of the answer, for the delivery log. */
  responseSnippet: string;
  /** From a Retry-After header, when the endpoint gave one. */
  retryAfterMs: number | null;
};

export type WebhookRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: AddressPolicy;
  timeoutMs: number;
  maxResponseBytes?: number;
};

const defaultMaxResponseBytes = 64 * 1024;
const snippetChars = 500;

export async function postWebhook(request: WebhookRequest): Promise<WebhookAttempt> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const failed = (error: string, outcome: 'retry' | 'failed' = 'failed'): WebhookAttempt => ({
    outcome,
    statusCode: null,
    latencyMs: elapsed(),
    error,
    responseSnippet: '',
    retryAfterMs: null,
  });
  const target = await checkTargetUrl(request.url, request.policy);
  // A name that does not resolve now may resolve later; an address that is refused stays refused.
  if (!target.ok) return failed(target.message, target.code === 'unresolvable' ? 'retry' : 'failed');
  const maxBytes = request.maxResponseBytes ?? defaultMaxResponseBytes;
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookAttempt>((resolve) => {
    let isSettled = false;
    const settle = (attempt: WebhookAttempt) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(deadline);
      resolve(attempt);
    };
    const outgoing = send(target.url, {
      method: 'POST',
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(request.body)),
        'user-agent': 'Pactline-Relay',
      },
      lookup: request.policy.lookup,
      agent: false,
    });
    const deadline = setTimeout(() => {
      outgoing.destroy();
      settle(failed(`no answer within ${request.timeoutMs} ms`, 'retry'));
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      settle(failed(error.message, error.code === 'EUNSAFETARGET' ? 'failed' : 'retry')),
    );
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const finish = () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8').slice(0, snippetChars);
        const base = {
          statusCode: status,
          latencyMs: elapsed(),
          responseSnippet: text,
          retryAfterMs: retryAfterOf(response.headers['retry-after']),
        };
        if (status >= 200 && status < 300) settle({ ...base, outcome: 'delivered', error: null });
        else if (status >= 300 && status < 400)
          settle({
            ...base,
            outcome: 'failed',
            error: `redirect to ${response.headers.location ?? '(no location)'} not followed`,
          });
        else if (status >= 500 || status === 408 || status === 429)
          settle({ ...base, outcome: 'retry', error: `answered ${status}` });
        else settle({ ...base, outcome: 'failed', error: `answered ${status}` });
      };
      response.on('data', (chunk: Buffer) => {
        if (received >= maxBytes) return;
        chunks.push(chunk.subarray(0, maxBytes - received));
        received += chunk.length;
        // The status is known; the rest of a long answer is not needed.
        if (received >= maxBytes) {
          finish();
          response.destroy();
        }
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    outgoing.end(request.body);
  });
}

function retryAfterOf(header: string | undefined): number | null {
  if (header === undefined) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
