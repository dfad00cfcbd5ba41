import { type TokenClaims, tokenClaimsSchema } from '@pactline/shared';

export type DecodedToken =
  | { ok: true; claims: TokenClaims; expiresAtMs: number; isExpired: boolean }
  | { ok: false; code: 'empty' | 'malformed' | 'invalid_claims'; message: string };

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * Reads the claims of a relay token for display. The signature is the relay's to check; this only
 * tells the user which workspace, user and role the token carries and when it expires.
 */
export function decodeToken(token: string, nowMs: number): DecodedToken {
  const trimmed = token.trim();
  if (trimmed === '')
    return { ok: false, code: 'empty', message: 'No token yet: paste the one your admin minted.' };
  const parts = trimmed.split('.');
  if (parts.length !== 3 || !parts[1]) {
    return {
      ok: false,
      code: 'malformed',
      message: 'This is not a token: expected three dot-separated parts (a JWT).',
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    return {
      ok: false,
      code: 'malformed',
      message: 'The token payload is not readable JSON: was it copied whole?',
    };
  }
  const parsed = tokenClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'payload'))];
    return { ok: false, code: 'invalid_claims', message: `The token lacks valid ${fields.join(', ')}.` };
  }
  const expiresAtMs = parsed.data.exp * 1000;
  return { ok: true, claims: parsed.data, expiresAtMs, isExpired: expiresAtMs <= nowMs };
}
