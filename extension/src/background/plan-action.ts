import {
  type Activity,
  type ChecklistItemState,
  evaluateAutoCheck,
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  requiredItemsDone,
} from '@pactline/shared';
import type { RecordRef } from '../crm/crm-adapter.js';
import type { Action, FieldValues } from '../protocol/messages.js';
import { checklistFor, fieldValueFor } from './build-record-view.js';
import { evaluateHandoff, handoffsOf, openClocks } from './record-clocks.js';
import {
  type AgreementEntry,
  currentAgreement,
  partyOf,
  type Viewer,
  type WorkspaceSnapshot,
} from './workspace-snapshot.js';

/**
 * What to append to the handoff log, each in one transaction: a new handoff; an action's event; or
 * an activity, with the first touch it makes on the handoff it answers. Everything is written in
 * the viewer's name; the clocks' outcomes (judgements, rungs) are the relay's to record.
 */
export type PlannedWrite =
  | { kind: 'handoff'; handoff: Handoff }
  | { kind: 'activity'; activity: Activity; events: HandoffEvent[] }
  | { kind: 'event'; event: HandoffEvent };

type Rejection = { ok: false; code: 'rejected'; message: string };

/** The handoff events a write appends, in order (none for a new handoff). */
export function eventsOf(write: PlannedWrite): HandoffEvent[] {
  switch (write.kind) {
    case 'handoff':
      return [];
    case 'event':
      return [write.event];
    case 'activity':
      return write.events;
  }
}

export type PlanResult = { ok: true; write: PlannedWrite } | Rejection;

export interface PlanInput {
  snapshot: WorkspaceSnapshot;
  record: RecordRef;
  fields: FieldValues;
  action: Action;
  viewer: Viewer;
  nowMs: number;
  newId: () => string;
}

const rejected = (message: string): Rejection => ({ ok: false, code: 'rejected', message });

/**
 * Turns a rep's action into the log entry it appends, or says why it cannot be taken. The
 * checklist's automatic items are judged here from the page's fields, not taken from the client.
 * An action that stops a clock (or finds it already breached) carries the clock's judgement.
 */
export function planAction(input: PlanInput): PlanResult {
  const { snapshot, record, action, viewer, nowMs } = input;
  if (viewer.role === 'viewer')
    return rejected('Your token is read-only (viewer): ask for an editor token to act on leads.');
  const handoffs = handoffsOf(snapshot, record);

  if (action.kind === 'hand_off') {
    const openHandoffs = handoffs.filter(
      (handoff) => openClocks(evaluateHandoff(handoff, snapshot, nowMs)).length > 0,
    );
    const agreement = currentAgreement(snapshot);
    if (!agreement) return rejected('No agreement is in force in this workspace yet.');
    if (openHandoffs.length > 0) return rejected('This lead already has an open handoff: act on it first.');
    const fromPartyId = partyOf(snapshot, viewer.userId);
    const rules = agreement.terms.rules.filter(
      (rule) =>
        rule.kind === 'response' &&
        rule.isEnabled &&
        rule.toPartyId === action.toPartyId &&
        (fromPartyId === undefined || rule.fromPartyId === fromPartyId),
    );
    const first = rules[0];
    if (first?.kind !== 'response') {
      return rejected(`No response rule in "${agreement.title}" covers a handoff to ${action.toPartyId}.`);
    }
    const { checklist, stage } = checklistState(
      agreement,
      fromPartyId ?? first.fromPartyId,
      input.fields,
      action.checklist,
    );
    if (!requiredItemsDone(checklist)) {
      const missing = checklist.filter((item) => item.isRequired && !item.isDone).map((item) => item.label);
      return rejected(`Required checklist items are not done: ${missing.join(', ')}.`);
    }
    const handoff: Handoff = {
      id: input.newId(),
      agreementId: agreement.id,
      rules: rules.map((rule) => ({ ruleId: rule.id, ruleVersion: rule.version })),
      lead: { ...record, displayName: action.displayName ?? input.fields.name ?? record.recordId },
      fromPartyId: fromPartyId ?? first.fromPartyId,
      fromUserId: viewer.userId,
      toPartyId: action.toPartyId,
      ...(stage === undefined ? {} : { stage }),
      checklist,
      startedAtMs: nowMs,
    };
    return { ok: true, write: { kind: 'handoff', handoff } };
  }

  if (action.kind === 'log_activity') return { ok: true, write: activityWrite(input, action, handoffs) };

  const handoff: HandoffWithEvents | undefined = handoffs.find(
    (candidate) => candidate.id === action.handoffId,
  );
  if (!handoff) return rejected('That handoff is not on this lead.');
  const clocks = openClocks(evaluateHandoff(handoff, snapshot, nowMs));
  if (clocks.length === 0) return rejected('That handoff is already closed.');
  const base = { id: input.newId(), handoffId: handoff.id, atMs: nowMs, byUserId: viewer.userId };
  const planned = eventFor(action, base, clocks);
  if (!planned.ok) return planned;
  return { ok: true, write: { kind: 'event', event: planned.event } };
}

/**
 * The checklist a handoff starts with: automatic items judged from the page's fields, the others
 * as the rep ticked them (`ticked`), and the stage the checklist belongs to.
 */
export function checklistState(
  agreement: AgreementEntry,
  fromPartyId: string,
  fields: FieldValues,
  ticked: Readonly<Record<string, boolean>>,
): { checklist: ChecklistItemState[]; stage: string | undefined } {
  const template = checklistFor(agreement, fromPartyId);
  const checklist = (template?.items ?? []).map((item) => {
    const automatic = item.autoCheck
      ? evaluateAutoCheck(item.autoCheck, fieldValueFor(fields, item.autoCheck.field))
      : null;
    return {
      itemId: item.id,
      label: item.label,
      isRequired: item.isRequired,
      isDone: item.autoCheck ? automatic === true : ticked[item.id] === true,
      isAutomatic: item.autoCheck !== undefined,
    };
  });
  return { checklist, stage: template?.stage };
}

/**
 * A logged call, email or meeting. On a record with an open handoff the viewer must answer (theirs,
 * or their party's queue) and no first touch yet, it is also the first touch, through the channel
 * it was: one click logs the call and stops the clock.
 */
function activityWrite(
  input: PlanInput,
  action: Extract<Action, { kind: 'log_activity' }>,
  handoffs: readonly HandoffWithEvents[],
): PlannedWrite {
  const { snapshot, record, viewer, nowMs } = input;
  const viewerParty = partyOf(snapshot, viewer.userId);
  const open = handoffs.filter((handoff) => openClocks(evaluateHandoff(handoff, snapshot, nowMs)).length > 0);
  const answered = open.find(
    (handoff) =>
      (handoff.toUserId === viewer.userId ||
        (handoff.toUserId === undefined && viewerParty === handoff.toPartyId)) &&
      !handoff.events.some((event) => event.type === 'first_touch'),
  );
  const onHandoff = answered ?? open.at(-1);
  const activity: Activity = {
    id: input.newId(),
    kind: action.activity,
    lead: { ...record, displayName: input.fields.name ?? onHandoff?.lead.displayName ?? record.recordId },
    atMs: nowMs,
    byUserId: viewer.userId,
    ...(onHandoff === undefined ? {} : { handoffId: onHandoff.id }),
    ...(action.note ? { note: action.note } : {}),
  };
  if (answered === undefined) return { kind: 'activity', activity, events: [] };
  const touch: HandoffEvent = {
    id: input.newId(),
    handoffId: answered.id,
    atMs: nowMs,
    byUserId: viewer.userId,
    type: 'first_touch',
    channel: action.activity,
  };
  return { kind: 'activity', activity, events: [touch] };
}

type EventBase = Pick<HandoffEvent, 'id' | 'handoffId' | 'atMs' | 'byUserId'>;

function eventFor(
  action: Exclude<Action, { kind: 'hand_off' } | { kind: 'log_activity' }>,
  base: EventBase,
  clocks: ReturnType<typeof openClocks>,
): { ok: true; event: HandoffEvent } | Rejection {
  const isPaused = clocks.every((clock) => clock.result.state === 'paused');
  switch (action.kind) {
    case 'accept':
      return { ok: true, event: { ...base, type: 'accepted' } };
    case 'first_touch':
      return { ok: true, event: { ...base, type: 'first_touch' } };
    case 'reject':
      return { ok: true, event: { ...base, type: 'rejected', reason: action.reason } };
    case 'pause': {
      if (isPaused) return rejected('The clock is already paused.');
      const allowed = [...new Set(clocks.flatMap((clock) => clock.rule.allowedPauseReasons))];
      if (!allowed.includes(action.reason)) {
        return rejected(
          allowed.length === 0
            ? 'The agreement allows no pause on this rule.'
            : `"${action.reason}" is not an allowed pause reason; allowed: ${allowed.join('; ')}.`,
        );
      }
      return { ok: true, event: { ...base, type: 'paused', reason: action.reason } };
    }
    case 'resume':
      if (!isPaused) return rejected('The clock is not paused.');
      return { ok: true, event: { ...base, type: 'resumed' } };
  }
}
