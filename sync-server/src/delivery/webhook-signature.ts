import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a generic webhook, verifiable as Stripe's is: the header
 * `Pactline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the channel's
 * signing key. A receiver recomputes the HMAC over the raw body, compares in constant time, and
 * refuses a timestamp too far from its clock (a replayed request).
 */
export const signatureHeader = 'Pactline-Signature';

/** A new signing key for a channel: shown to the admin once, kept by the relay. */
export function newSigningKey(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signWebhook(key: string, body: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  const digest = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

/** True when `header` signs `body` with `key` within `toleranceS` of `nowMs`. */
export function verifyWebhookSignature(
  header: string,
  body: string,
  key: string,
  nowMs: number,
  toleranceS = 300,
): boolean {
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const [name, value] = item.split('=', 2);
    if (name === undefined || value === undefined) continue;
    parts.set(name.trim(), [...(parts.get(name.trim()) ?? []), value.trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > toleranceS) return false;
  const expected = Buffer.from(createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex'));
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
