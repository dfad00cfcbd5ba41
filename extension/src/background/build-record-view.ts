import {
  type ActivityRule,
  type AutoCheckValue,
  activityCalendar,
  activityProgress,
  type ChecklistTemplate,
  clockUserId,
  escalationInWords,
  evaluateAutoCheck,
  leadKey,
} from '@pactline/shared';
import type { FieldName, RecordRef } from '../crm/crm-adapter.js';
import { cantReadMessage } from '../crm/read-fields.js';
import { builtInAdapters } from '../crm/registry.js';
import type { FieldValues } from '../protocol/messages.js';
import type {
  ActivityPace,
  ChecklistItem,
  HistoryEntry,
  RecordView,
  SyncStatus,
} from '../protocol/record-view.js';
import { evaluateHandoff, handoffsOf, openClocks } from './record-clocks.js';
import {
  type AgreementEntry,
  currentAgreement,
  displayNameOf,
  partyOf,
  type Viewer,
  type WorkspaceSnapshot,
} from './workspace-snapshot.js';

export interface RecordViewInput {
  snapshot: WorkspaceSnapshot;
  record: RecordRef;
  fields: FieldValues;
  viewer: Viewer;
  nowMs: number;
  sync: SyncStatus;
  /** Set when the documents use a newer schema than this extension understands. */
  isSchemaTooNew: boolean;
}

/** The checklist for handing off from the viewer's party: the template starting there, else the first. */
export function checklistFor(
  agreement: AgreementEntry | undefined,
  fromPartyId: string | undefined,
): ChecklistTemplate | undefined {
  const templates = agreement?.terms.checklists ?? [];
  return templates.find((template) => template.fromPartyId === fromPartyId) ?? templates[0];
}

export function fieldValueFor(fields: FieldValues, field: FieldName): AutoCheckValue {
  const value = fields[field];
  return typeof value === 'string' ? { status: 'read', value } : { status: 'unreadable' };
}

function fieldLabel(record: RecordRef, field: FieldName): string {
  const adapter = builtInAdapters.find((candidate) => candidate.id === record.crm);
  return adapter?.fieldLabels[field] ?? field;
}

function checklistItems(template: ChecklistTemplate | undefined, input: RecordViewInput): ChecklistItem[] {
  return (template?.items ?? []).map((item) => {
    if (!item.autoCheck) return { id: item.id, label: item.label, isRequired: item.isRequired };
    const field = item.autoCheck.field;
    const outcome = evaluateAutoCheck(item.autoCheck, fieldValueFor(input.fields, field));
    return {
      id: item.id,
      label: item.label,
      isRequired: item.isRequired,
      autoCheck:
        outcome === null
          ? { field, result: 'unreadable', message: cantReadMessage(fieldLabel(input.record, field)) }
          : { field, result: outcome ? 'passed' : 'failed' },
    };
  });
}

export function buildRecordView(input: RecordViewInput): RecordView {
  const { snapshot, record, viewer, nowMs } = input;
  const agreement = currentAgreement(snapshot);
  const viewerParty = partyOf(snapshot, viewer.userId);
  const handoffs = handoffsOf(snapshot, record);
  const evaluated = handoffs.map((handoff) => evaluateHandoff(handoff, snapshot, nowMs));
  const open = evaluated.flatMap(openClocks);
  // Open clocks, else the latest handoff's results so the rep sees how it ended.
  const shown = open.length > 0 ? open : (evaluated.at(-1) ?? []);

  const names = {
    person: (userId: string) => displayNameOf(snapshot, userId),
    party: (partyId: string) =>
      agreement?.terms.parties.find((party) => party.id === partyId)?.name ?? partyId,
    rule: (ruleId: string) => agreement?.terms.rules.find((rule) => rule.id === ruleId)?.name ?? ruleId,
  };
  const history: HistoryEntry[] = handoffs
    .flatMap((handoff): HistoryEntry[] => {
      const to = names.party(handoff.toPartyId);
      return [
        {
          id: handoff.id,
          type: 'handed_off',
          atMs: handoff.startedAtMs,
          by: displayNameOf(snapshot, handoff.fromUserId),
          detail: `to ${to}`,
        },
        ...handoff.events.flatMap((event): HistoryEntry[] => {
          if (event.type === 'judged') return [];
          const by = event.byUserId === clockUserId ? 'Pactline' : displayNameOf(snapshot, event.byUserId);
          const reason = event.type === 'rejected' || event.type === 'paused' ? event.reason : undefined;
          // "Escalated by Pactline (to SDR and Mia Marketing at 80 % of MQL response)".
          const detail = event.type === 'escalated' ? escalationInWords(event, handoff, names) : undefined;
          return [
            {
              id: event.id,
              type: event.type,
              atMs: event.atMs,
              by,
              ...(reason ? { reason } : {}),
              ...(detail ? { detail } : {}),
            },
          ];
        }),
      ];
    })
    .concat(
      snapshot.activities
        .filter((activity) => leadKey(activity.lead) === leadKey(record))
        .map((activity) => ({
          id: activity.id,
          type: activity.kind,
          atMs: activity.atMs,
          by: displayNameOf(snapshot, activity.byUserId),
          ...(activity.note ? { reason: activity.note } : {}),
        })),
    )
    .sort((a, b) => a.atMs - b.atMs);

  const responseRules = (agreement?.terms.rules ?? []).filter(
    (rule) => rule.kind === 'response' && rule.isEnabled,
  );
  const targetIds = [
    ...new Set(
      responseRules
        .filter(
          (rule) =>
            rule.kind === 'response' && (viewerParty === undefined || rule.fromPartyId === viewerParty),
        )
        .map((rule) => (rule.kind === 'response' ? rule.toPartyId : '')),
    ),
  ];
  const template = checklistFor(agreement, viewerParty);
  const pauseReasons = [...new Set(open.flatMap((clock) => clock.rule.allowedPauseReasons))];
  const displayName = input.fields.name ?? handoffs.at(-1)?.lead.displayName;

  return {
    record,
    ...(displayName ? { displayName } : {}),
    clocks: shown.map((clock) => clock.view),
    checklist: { stage: template?.stage ?? 'Handoff', items: checklistItems(template, input) },
    history,
    handOffTargets: targetIds.map((id) => ({
      id,
      label: agreement?.terms.parties.find((party) => party.id === id)?.name ?? id,
    })),
    pauseReasons,
    rejectReasons: [],
    activityPace: activityPaceOf(input, viewerParty),
    isReadOnly: viewer.role === 'viewer' || input.isSchemaTooNew,
    sync: input.sync,
  };
}

/**
 * The viewer's count on each activity goal of their party, paced as the dashboard paces it, so a
 * rep sees on the record whether this week's calls are on track.
 */
function activityPaceOf(input: RecordViewInput, viewerParty: string | undefined): ActivityPace[] {
  const agreement = currentAgreement(input.snapshot);
  if (agreement === undefined || viewerParty === undefined) return [];
  const goals = agreement.terms.rules.filter(
    (rule): rule is ActivityRule =>
      rule.kind === 'activity' && rule.isEnabled && rule.partyId === viewerParty,
  );
  return goals.flatMap((rule): ActivityPace[] => {
    const calendar = activityCalendar(agreement.terms, rule.partyId);
    const progress = activityProgress(
      rule,
      input.snapshot.activities,
      input.snapshot.members.filter((member) => member.userId === input.viewer.userId),
      calendar ? { nowMs: input.nowMs, calendar } : { nowMs: input.nowMs },
    );
    const own = progress.reps[0];
    if (progress.kind === null || own === undefined) return [];
    return [
      {
        ruleId: rule.id,
        activity: progress.kind,
        period: rule.period,
        count: own.count,
        targetCount: rule.targetCount,
        expectedByNowCount: Math.ceil(own.expectedByNowCount - 1e-9),
        isOnTrack: own.isOnTrack,
        isMet: own.isMet,
      },
    ];
  });
}
