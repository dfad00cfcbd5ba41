import { type TokenClaims, tokenClaimsSchema } from '@pactline/shared';
import { errors, jwtVerify, SignJWT } from 'jose';

const algorithm = 'HS256';

export type TokenResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; code: 'missing_token' | 'expired_token' | 'invalid_token'; message: string };

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function mintToken(secret: string, claims: TokenClaims): Promise<string> {
  const { exp, ...rest } = tokenClaimsSchema.parse(claims);
  return new SignJWT(rest).setProtectedHeader({ alg: algorithm }).setExpirationTime(exp).sign(keyOf(secret));
}

/** Checks signature, expiry and claims; every failure is a value, never an exception. */
export async function verifyToken(
  secret: string,
  token: string | null | undefined,
  nowMs: number,
): Promise<TokenResult> {
  if (token === null || token === undefined || token === '') {
    return { ok: false, code: 'missing_token', message: 'no token in the ?token= query parameter' };
  }
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [algorithm],
      currentDate: new Date(nowMs),
      requiredClaims: ['exp'],
    });
    const parsed = tokenClaimsSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, code: 'invalid_token', message: 'token claims are not valid' };
    return { ok: true, claims: parsed.data };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, code: 'expired_token', message: 'token expired' };
    return { ok: false, code: 'invalid_token', message: 'token signature or format is not valid' };
  }
}
