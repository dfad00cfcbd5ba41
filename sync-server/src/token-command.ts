import { parseArgs } from 'node:util';
import { roleSchema, tokenClaimsSchema } from '@pactline/shared';
import { mintToken } from './tokens.js';

export const tokenUsage =
  'usage: token --workspace <id> --user <id> --role admin|editor|viewer|relay [--days 30] [--name "Display Name"]';

export type TokenCommandResult =
  | { ok: true; token: string }
  | { ok: false; code: 'invalid_args'; message: string };

/** The command-line flag behind each claim, so that errors name what the user typed. */
const flagOf: Record<string, string> = {
  ws: '--workspace',
  sub: '--user',
  role: '--role',
  exp: '--days',
  name: '--name',
};

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
  const missing = (['workspace', 'user', 'role'] as const).filter((flag) => values[flag] === undefined);
  if (missing.length > 0) {
    const flags = missing.map((flag) => `--${flag}`).join(', ');
    return { ok: false, code: 'invalid_args', message: `missing ${flags}\n${tokenUsage}` };
  }
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0) {
    return { ok: false, code: 'invalid_args', message: `--days must be a positive number\n${tokenUsage}` };
  }
  const role = roleSchema.safeParse(values.role);
  if (!role.success) {
    return {
      ok: false,
      code: 'invalid_args',
      message: `--role must be one of ${roleSchema.options.join(', ')} (got "${values.role}")\n${tokenUsage}`,
    };
  }
  const claims = tokenClaimsSchema.safeParse({
    sub: values.user,
    ws: values.workspace,
    role: role.data,
    exp: Math.floor(nowMs / 1000 + days * 86_400),
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  if (!claims.success) {
    const message = claims.error.issues
      .map((issue) => `${flagOf[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { ok: false, code: 'invalid_args', message: `${message}\n${tokenUsage}` };
  }
  return { ok: true, token: await mintToken(secret, claims.data) };
}
