import { parseArgs } from 'node:util';
import { roleSchema, tokenClaimsSchema } from '@pactline/shared';
import { mintToken } from './tokens.js';

export const tokenUsage =
  'usage: token --workspace <id> --user <id> --role admin|editor|viewer [--days 30] [--name "Display Name"]';

export type TokenCommandResult =
  | { ok: true; token: string }
  | { ok: false; code: 'invalid_args'; message: string };

/** Mints a relay token from command-line arguments. */
export async function runTokenCommand(
  args: string[],
  secret: string,
  nowMs: number,
): Promise<TokenCommandResult> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        workspace: { type: 'string' },
        user: { type: 'string' },
        role: { type: 'string' },
        days: { type: 'string', default: '30' },
        name: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, code: 'invalid_args', message: `${(error as Error).message}\n${tokenUsage}` };
  }
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0) {
    return { ok: false, code: 'invalid_args', message: `--days must be a positive number\n${tokenUsage}` };
  }
  const role = roleSchema.safeParse(values.role);
  const claims = tokenClaimsSchema.safeParse({
    sub: values.user,
    ws: values.workspace,
    role: role.success ? role.data : values.role,
    exp: Math.floor(nowMs / 1000 + days * 86_400),
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  if (!claims.success) {
    const message = claims.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { ok: false, code: 'invalid_args', message: `${message}\n${tokenUsage}` };
  }
  return { ok: true, token: await mintToken(secret, claims.data) };
}
