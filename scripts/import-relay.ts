import {
  type ImportPlan,
  type Member,
  type ResponseRule,
  roomName,
  type TokenClaims,
  tokenClaimsSchema,
} from '@pactline/shared';
import {
  emptyWriteCounts,
  importBatches,
  readAgreement,
  readDirectory,
  recentMonths,
  undoImport,
  type WriteCounts,
  writeImportBatch,
} from '@pactline/shared/doc';
import type * as Y from 'yjs';
import { withRelayRoom } from './relay-room.js';

/**
 * The import CLI's side of the relay: it reads the workspace's directory and agreement, and writes
 * an import's entries (or an undo's withdrawals) month by month, each document synced and every
 * change confirmed stored by the relay before the next is opened. It connects as any client does,
 * with an admin's token: the relay's guard takes imported entries and withdrawals from admins only.
 */

export class ImportCommandError extends Error {}

/** The claims of a relay token, read without the secret (the relay checks the signature). */
export function readTokenClaims(token: string, nowMs: number): TokenClaims {
  const payload = token.split('.')[1];
  let claims: TokenClaims;
  try {
    claims = tokenClaimsSchema.parse(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')));
  } catch {
    throw new ImportCommandError('--token is not a Pactline relay token');
  }
  if (claims.exp * 1000 <= nowMs) throw new ImportCommandError('the token has expired: ask for a new one');
  if (claims.role !== 'admin') {
    throw new ImportCommandError(
      `imports are an admin's to write: the token is ${claims.role === 'editor' ? 'an' : 'a'} ${claims.role}'s`,
    );
  }
  return claims;
}

export interface RelayTarget {
  readonly relayUrl: string;
  readonly token: string;
  readonly claims: TokenClaims;
  readonly timeoutMs?: number;
}

function withRoom<T>(target: RelayTarget, room: string, body: (doc: Y.Doc) => T): Promise<T> {
  return withRelayRoom(room, { ...target, timeoutMs: target.timeoutMs ?? 30_000 }, body);
}

export interface Workspace {
  readonly agreementId: string;
  readonly rules: readonly ResponseRule[];
  readonly members: readonly Member[];
}

/** The workspace's members and the agreement's response rules, from the relay. */
export async function readWorkspace(
  target: RelayTarget,
  agreementId: string | undefined,
): Promise<Workspace> {
  const workspace = target.claims.ws;
  const directory = await withRoom(target, roomName({ kind: 'directory', workspace }), readDirectory);
  const chosen = agreementId ?? (directory.agreements.length === 1 ? directory.agreements[0]?.id : undefined);
  if (chosen === undefined) {
    throw new ImportCommandError(
      directory.agreements.length === 0
        ? `workspace ${workspace} has no agreement to import under`
        : `name the agreement with --agreement: ${directory.agreements.map((each) => each.id).join(', ')}`,
    );
  }
  const read = await withRoom(
    target,
    roomName({ kind: 'agreement', workspace, agreementId: chosen }),
    readAgreement,
  );
  if (read.agreement === null)
    throw new ImportCommandError(`agreement ${chosen} is not in workspace ${workspace}`);
  const rules = read.agreement.terms.rules.filter(
    (rule): rule is ResponseRule => rule.kind === 'response' && rule.isEnabled,
  );
  return { agreementId: chosen, rules, members: directory.members };
}

/** Writes the plan month by month; returns what was written and the months touched. */
export async function writePlan(
  target: RelayTarget,
  plan: ImportPlan,
): Promise<{ written: WriteCounts; months: string[] }> {
  const written = emptyWriteCounts();
  const months: string[] = [];
  for (const batch of importBatches(target.claims.ws, plan)) {
    const counts = await withRoom(target, batch.room, (doc) => writeImportBatch(doc, batch));
    for (const key of Object.keys(written) as (keyof WriteCounts)[]) written[key] += counts[key];
    months.push(batch.month);
  }
  return { written, months };
}

/** Undoes an import run in every month from `sinceMonth` (default: the last 24) to now. */
export async function undoRun(
  target: RelayTarget,
  importId: string,
  nowMs: number,
  sinceMonth: string | undefined,
): Promise<{ withdrawn: number; months: string[] }> {
  // The last 24 months unless told, and never more than 24 years: each month is a room to open.
  const from = sinceMonth ?? recentMonths(nowMs, 24).at(-1) ?? '';
  const months = recentMonths(nowMs, 24 * 12).filter((month) => month >= from);
  let withdrawn = 0;
  const touched: string[] = [];
  for (const month of months) {
    const room = roomName({ kind: 'handoffs', workspace: target.claims.ws, month });
    const count = await withRoom(target, room, (doc) =>
      undoImport(doc, importId, { userId: target.claims.sub, atMs: nowMs }),
    );
    if (count > 0) touched.push(month);
    withdrawn += count;
  }
  return { withdrawn, months: touched };
}
