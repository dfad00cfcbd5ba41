import { comparableName, type Handoff, isMemberNamed, type ResponseRule } from '@pactline/shared';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { FieldValues } from '../protocol/messages.js';
import { checklistState } from './plan-action.js';
import { evaluateHandoff, handoffsOf, openClocks } from './record-clocks.js';
import { currentAgreement, type Viewer, type WorkspaceSnapshot } from './workspace-snapshot.js';

/**
 * Handoffs the CRM already knows: a response rule whose trigger is "stage becomes Y" or "owner
 * becomes a member of party X" starts a handoff when the page shows the record's stage (lifecycle
 * stage or lead status) at Y, or its owner to be such a member, whether it changed while the page
 * was open or before. No button is pressed, so the checklist is taken as the
 * page shows it, and a required item missing stays recorded as not done (a gate skipped in the CRM
 * is a finding). The clock starts when this device first saw the stage, and the handoff says so.
 *
 * The id is derived from the record, the rule, the change and how many handoffs the record had under
 * that rule, so two people seeing the same change on two devices write one handoff (the log keeps
 * entries by id), and a lead that comes back to the stage later starts a new one.
 */
export function planPageSeenHandoff(input: {
  snapshot: WorkspaceSnapshot;
  record: RecordRef;
  fields: FieldValues;
  viewer: Viewer;
  nowMs: number;
}): Handoff | null {
  const { snapshot, record, fields, viewer, nowMs } = input;
  if (viewer.role === 'viewer') return null;
  const agreement = currentAgreement(snapshot);
  if (!agreement) return null;
  const handoffs = handoffsOf(snapshot, record);
  if (handoffs.some((handoff) => openClocks(evaluateHandoff(handoff, snapshot, nowMs)).length > 0))
    return null;
  for (const rule of agreement.terms.rules) {
    if (rule.kind !== 'response' || !rule.isEnabled) continue;
    const seen = seenChange(rule, fields, snapshot);
    if (seen === null) continue;
    const earlier = handoffs.filter((handoff) =>
      handoff.rules.some((each) => each.ruleId === rule.id),
    ).length;
    const id = pageSeenHandoffId(record, rule, seen.change, earlier);
    if (handoffs.some((handoff) => handoff.id === id)) continue;
    const { checklist, stage } = checklistState(agreement, rule.fromPartyId, fields, {});
    return {
      id,
      agreementId: agreement.id,
      rules: [{ ruleId: rule.id, ruleVersion: rule.version }],
      lead: { ...record, displayName: fields.name || record.recordId },
      fromPartyId: rule.fromPartyId,
      fromUserId: viewer.userId,
      toPartyId: rule.toPartyId,
      ...(seen.toUserId === undefined ? {} : { toUserId: seen.toUserId }),
      ...(stage === undefined ? {} : { stage }),
      checklist,
      startedAtMs: nowMs,
      source: 'page',
      startedAtSource: 'seen',
    };
  }
  return null;
}

/**
 * What the page shows that the rule starts on, if anything: the stage at the trigger's value, or an
 * owner who is a member of the trigger's party (matched by the directory's display name or CRM
 * names for them; the handoff then goes to that member when they are in the receiving party).
 */
function seenChange(
  rule: ResponseRule,
  fields: FieldValues,
  snapshot: WorkspaceSnapshot,
): { change: string; toUserId?: string } | null {
  const trigger = rule.trigger;
  if (trigger?.kind === 'stage') {
    const shown = fields[trigger.field];
    if (typeof shown !== 'string' || comparableName(shown) !== comparableName(trigger.value)) return null;
    return { change: `${trigger.field}=${trigger.value.toLowerCase()}` };
  }
  if (trigger?.kind === 'owner') {
    const owner = fields.owner;
    if (typeof owner !== 'string' || owner === '') return null;
    const member = snapshot.members.find(
      (candidate) => candidate.partyId === trigger.partyId && isMemberNamed(candidate, owner),
    );
    if (member === undefined) return null;
    return {
      change: `owner=${member.userId}`,
      ...(member.partyId === rule.toPartyId ? { toUserId: member.userId } : {}),
    };
  }
  return null;
}

/** `page-<hash>`: record, rule, the change seen and the count of earlier handoffs under the rule. */
export function pageSeenHandoffId(
  record: RecordRef,
  rule: ResponseRule,
  change: string,
  earlier: number,
): string {
  return `page-${stableHash(`${record.crm}|${record.objectType}|${record.recordId}|${rule.id}|${change}|${earlier}`)}`;
}

/**
 * cyrb53 (public domain): a fast 53-bit string hash, the same on every device, as 14 hex digits. Not
 * for secrecy; only so that a long record id and rule id make a short, fixed-length entry id.
 */
function stableHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
