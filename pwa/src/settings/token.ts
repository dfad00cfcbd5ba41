import { type TokenClaims, tokenClaimsSchema } from '@pactline/shared';

/**
 * The PWA only reads a token's claims to show who it speaks for and what it may do; the relay is
 * the one that checks the signature. A token that does not decode is reported, never thrown.
 */
export type TokenReadResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; code: 'not_a_jwt' | 'bad_payload' | 'bad_claims'; message: string };

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function readTokenClaims(token: string): TokenReadResult {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    return { ok: false, code: 'not_a_jwt', message: 'a token has three parts separated by dots' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1] as string));
  } catch {
    return { ok: false, code: 'bad_payload', message: 'the token payload is not readable JSON' };
  }
  const result = tokenClaimsSchema.safeParse(payload);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { ok: false, code: 'bad_claims', message: `the token is missing claims (${detail})` };
  }
  return { ok: true, claims: result.data };
}

export function isExpired(claims: TokenClaims, nowMs: number): boolean {
  return claims.exp * 1000 <= nowMs;
}
