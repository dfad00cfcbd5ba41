import { z } from 'zod';

/**
 * What a token may do: `viewer` reads; `editor` writes in its own name; `admin` also manages the
 * workspace; `relay` is the relay's own writer, for tools its operator runs (seeding a workspace):
 * it may write log entries in any member's name and the clock's, still append only. Whoever can
 * mint a token can mint one for any member, so the role adds no power the secret does not give.
 */
export const roleSchema = z.enum(['admin', 'editor', 'viewer', 'relay']);
export type Role = z.infer<typeof roleSchema>;

const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only');

export const workspaceIdSchema = idSchema;

/**
 * The claims of a relay token (an HS256 JWT). `exp` is seconds since the epoch, as in RFC 7519.
 */
export const tokenClaimsSchema = z.object({
  sub: idSchema,
  ws: workspaceIdSchema,
  role: roleSchema,
  exp: z.number().int().positive(),
  name: z.string().min(1).max(200).optional(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}
