import { comparableName, type Handoff, isMemberNamed, type ResponseRule, stableHash } from '@pactline/shared';
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
 * is a finding). The clock starts at the CRM's own time of the change where the page shows it (the
 * owner-assigned or stage-entered time, machine-readable), else when this device first saw it; the
 * handoff says which (`startedAtSource`).
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
    const crmTimeMs = changeTimeOf(rule, fields, nowMs);
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
      startedAtMs: crmTimeMs ?? nowMs,
      source: 'page',
      startedAtSource: crmTimeMs === null ? 'seen' : 'crm',
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

/** An ISO 8601 time with its zone: the only form taken for the CRM's time of a change. */
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** A CRM time this far ahead of the device's clock is taken as now; further ahead, as wrong. */
const clockSkewMs = 5 * 60_000;
/** A change older than this is not the one being seen: a stale field, never a year-old clock. */
const oldestChangeMs = 90 * 86_400_000;

/**
 * The CRM's own time of the change the rule starts on, when the page shows it in a form that says
 * its zone (`<time datetime>`): the owner-assigned time for an owner trigger, the stage-entered
 * time for a stage trigger. A time without a zone, in the future, or months old is not taken: a
 * wrong start is worse than the time the change was first seen.
 */
export function changeTimeOf(rule: ResponseRule, fields: FieldValues, nowMs: number): number | null {
  const field =
    rule.trigger?.kind === 'owner'
      ? 'ownerChangedAt'
      : rule.trigger?.kind === 'stage'
        ? 'stageChangedAt'
        : null;
  const shown = field === null ? null : fields[field];
  if (typeof shown !== 'string' || !isoWithZone.test(shown)) return null;
  const atMs = Date.parse(shown);
  if (!Number.isFinite(atMs) || atMs > nowMs + clockSkewMs || atMs < nowMs - oldestChangeMs) return null;
  return Math.min(atMs, nowMs);
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
