import type { Awareness } from 'y-protocols/awareness';
import { z } from 'zod';

/**
 * Presence: who else has the document open, with the name and colour shown beside their cursor.
 * The user's state is the `user` field of the awareness state, the field y-prosemirror's cursor
 * plugin reads. Peers' states are validated: a hostile peer's junk is left out, not shown.
 */

export const presenceUserSchema = z.object({
  name: z.string().min(1).max(200),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb'),
  userId: z.string().min(1).max(128).optional(),
});
export type PresenceUser = z.infer<typeof presenceUserSchema>;

export type Peer = { clientId: number; user: PresenceUser };

const palette = ['#d9480f', '#2b8a3e', '#1971c2', '#9c36b5', '#e67700', '#0c8599', '#c2255c', '#5f3dc4'];

/** A stable colour per user id, so a person keeps their colour across devices. */
export function colorForUser(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? '#1971c2';
}

export type PresenceResult = { ok: true } | { ok: false; code: 'invalid_input'; message: string };

export function setLocalPresence(awareness: Awareness, user: PresenceUser): PresenceResult {
  const parsed = presenceUserSchema.safeParse(user);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid_input',
      message: parsed.error.issues.map((issue) => issue.message).join('; '),
    };
  }
  awareness.setLocalStateField('user', parsed.data);
  return { ok: true };
}

export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = presenceUserSchema.safeParse((state as { user?: unknown }).user);
    if (user.success) peers.push({ clientId, user: user.data });
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}
