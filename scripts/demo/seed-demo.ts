import { readDirectory } from '@pactline/shared/doc';
import type * as Y from 'yjs';
import { type DemoLead, historyLeads } from '../demo-crm/leads.js';
import { withRelayRoom } from '../relay-room.js';
import { relayWriter, writeWorkspaceSeed } from '../seed/workspace-seed.js';
import { demoAgreementId, demoSeed, demoWorkspace } from './demo-workspace.js';

/**
 * Writes the demo workspace through the relay, as any client would: the agreement (from the
 * template, with a round-the-clock calendar), four months of handoffs and the directory. Idempotent:
 * the directory records that the agreement exists, and a second run leaves everything as it is.
 */

type SeedOptions = {
  relayUrl: string;
  adminToken: string;
  /** A token for a signer, who signs on their own connection (the relay takes no other). */
  signerToken: (userId: string) => string | Promise<string>;
  /** A token of role `relay`, which writes the history in each member's name and the clock's. */
  relayToken: string | Promise<string>;
  crmOrigin: string;
  nowMs: number;
  timeoutMs?: number;
};

async function withRoom<T>(
  room: string,
  options: SeedOptions,
  body: (doc: Y.Doc) => T,
  as?: string | typeof relayWriter,
): Promise<T> {
  const token =
    as === undefined
      ? options.adminToken
      : as === relayWriter
        ? await options.relayToken
        : await options.signerToken(as);
  return withRelayRoom(room, { relayUrl: options.relayUrl, token, timeoutMs: options.timeoutMs }, body);
}

/**
 * Seeds the demo workspace unless it is already there; resolves with whether it wrote anything
 * and, when it did, the demo CRM's records of the history's leads.
 */
export async function seedDemo(
  options: SeedOptions,
): Promise<{ isSeeded: boolean; handoffCount: number; crmLeads: DemoLead[] }> {
  const directoryRoom = `${demoWorkspace}/directory`;
  const isPresent = await withRoom(directoryRoom, options, (doc) =>
    readDirectory(doc).agreements.some((agreement) => agreement.id === demoAgreementId),
  );
  if (isPresent) return { isSeeded: false, handoffCount: 0, crmLeads: [] };
  const seed = demoSeed(options.nowMs, options.crmOrigin);
  await writeWorkspaceSeed(seed, (room, body, as) => withRoom(room, options, body, as));
  const names = new Map(seed.members.map((member) => [member.userId, member.displayName]));
  return {
    isSeeded: true,
    handoffCount: seed.handoffs.length,
    crmLeads: historyLeads(seed.handoffs, (userId) => names.get(userId ?? '') ?? ''),
  };
}
