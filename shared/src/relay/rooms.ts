import { z } from 'zod';
import { workspaceIdSchema } from './token-claims.js';

/**
 * Room names. Each Yjs document is one room:
 * - `<workspace>/agreement/<agreementId>`: one agreement;
 * - `<workspace>/handoffs/<yyyy-mm>`: the handoffs that began in that month (so no log grows without bound);
 * - `<workspace>/directory`: the list of agreements, members and calendars.
 */
export type Room =
  | { kind: 'agreement'; workspace: string; agreementId: string }
  | { kind: 'handoffs'; workspace: string; month: string }
  | { kind: 'directory'; workspace: string };

const segmentSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export type RoomParseResult = { ok: true; room: Room } | { ok: false; code: 'invalid_room'; message: string };

export function parseRoom(name: string): RoomParseResult {
  const parts = name.split('/');
  const [workspace, kind, arg] = parts;
  const fail = (message: string): RoomParseResult => ({ ok: false, code: 'invalid_room', message });
  if (workspace === undefined || !workspaceIdSchema.safeParse(workspace).success) {
    return fail(`room "${name}" does not start with a valid workspace id`);
  }
  if (kind === 'directory' && parts.length === 2) return { ok: true, room: { kind, workspace } };
  if (kind === 'agreement' && parts.length === 3 && segmentSchema.safeParse(arg).success) {
    return { ok: true, room: { kind, workspace, agreementId: arg as string } };
  }
  if (kind === 'handoffs' && parts.length === 3 && monthSchema.safeParse(arg).success) {
    return { ok: true, room: { kind, workspace, month: arg as string } };
  }
  return fail(
    `room "${name}" is not <workspace>/agreement/<id>, <workspace>/handoffs/<yyyy-mm> or <workspace>/directory`,
  );
}

export function roomName(room: Room): string {
  switch (room.kind) {
    case 'agreement':
      return `${room.workspace}/agreement/${room.agreementId}`;
    case 'handoffs':
      return `${room.workspace}/handoffs/${room.month}`;
    case 'directory':
      return `${room.workspace}/directory`;
  }
}
