import type { Handoff, ResponseRule } from '@pactline/shared';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { FieldValues } from '../protocol/messages.js';
import { checklistState } from './plan-action.js';
import { evaluateHandoff, handoffsOf, openClocks } from './record-clocks.js';
import { currentAgreement, type Viewer, type WorkspaceSnapshot } from './workspace-snapshot.js';

/**
 * Handoffs the CRM already knows: a response rule whose trigger is "stage becomes Y" starts a
 * handoff when the page shows the record's stage (lifecycle stage or lead status) at Y, whether it
 * changed while the page was open or before. No button is pressed, so the checklist is taken as the
 * page shows it, and a required item missing stays recorded as not done (a gate skipped in the CRM
 * is a finding). The clock starts when this device first saw the stage, and the handoff says so.
 *
 * The id is derived from the record, the rule, the stage and how many handoffs the record had under
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
    if (rule.kind !== 'response' || !rule.isEnabled || rule.trigger?.kind !== 'stage') continue;
    const shown = fields[rule.trigger.field];
    if (typeof shown !== 'string' || sameStage(shown, rule.trigger.value) === false) continue;
    const earlier = handoffs.filter((handoff) =>
      handoff.rules.some((each) => each.ruleId === rule.id),
    ).length;
    const id = pageSeenHandoffId(record, rule, earlier);
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
      ...(stage === undefined ? {} : { stage }),
      checklist,
      startedAtMs: nowMs,
      source: 'page',
      startedAtSource: 'seen',
    };
  }
  return null;
}

/** Stages compare as people read them: case and spacing aside. */
function sameStage(shown: string, wanted: string): boolean {
  const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(shown) === norm(wanted);
}

/** `page-<hash>`: record, rule, stage and the count of earlier handoffs under the rule, hashed short. */
export function pageSeenHandoffId(record: RecordRef, rule: ResponseRule, earlier: number): string {
  const trigger =
    rule.trigger?.kind === 'stage' ? `${rule.trigger.field}=${rule.trigger.value.toLowerCase()}` : '';
  return `page-${stableHash(`${record.crm}|${record.objectType}|${record.recordId}|${rule.id}|${trigger}|${earlier}`)}`;
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
