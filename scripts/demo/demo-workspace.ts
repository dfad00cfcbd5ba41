import {
  type AgreementTerms,
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  type Member,
  type ResponseRule,
  templateTerms,
} from '@pactline/shared';
import { demoLeads } from '../demo-crm/leads.js';
import type { WorkspaceSeed } from '../seed/workspace-seed.js';
import {
  demoActivities,
  demoHistory,
  historyDays,
  historyPeople,
  withDerivedEvents,
} from './demo-history.js';

/**
 * The demo workspace: who is in it, and a handful of handoffs in different states relative to
 * `nowMs`, so the dashboard and the overlay have something to show on first start.
 *
 * The demo's calendar counts every hour of every day: a newcomer trying it on a Saturday night
 * should still see clocks run. Real agreements use office hours (the template's default).
 */

export const demoWorkspace = 'demo';
export const demoAgreementId = 'marketing-sdr-ae';

export type DemoPerson = Member & { role: 'admin' | 'editor' | 'viewer'; title: string };

export const demoPeople: readonly DemoPerson[] = [
  { userId: 'mia', displayName: 'Mia Marketing', partyId: 'marketing', role: 'editor', title: 'marketer' },
  { userId: 'sam', displayName: 'Sam SDR', partyId: 'sdr', role: 'editor', title: 'SDR' },
  { userId: 'alex', displayName: 'Alex AE', partyId: 'ae', role: 'editor', title: 'AE' },
  { userId: 'morgan', displayName: 'Morgan Manager', role: 'viewer', title: 'manager (read-only)' },
];

export const demoWeek = {
  mon: [{ start: '00:00', end: '24:00' }],
  tue: [{ start: '00:00', end: '24:00' }],
  wed: [{ start: '00:00', end: '24:00' }],
  thu: [{ start: '00:00', end: '24:00' }],
  fri: [{ start: '00:00', end: '24:00' }],
  sat: [{ start: '00:00', end: '24:00' }],
  sun: [{ start: '00:00', end: '24:00' }],
};

const minuteMs = 60_000;

function leadRef(crmOrigin: string, index: number) {
  const lead = demoLeads[index];
  if (lead === undefined) throw new RangeError(`the demo CRM has no lead #${index}`);
  return {
    crm: 'generic' as const,
    objectType: 'leads',
    recordId: lead.id,
    url: `${crmOrigin}/leads/${lead.id}`,
    displayName: `${lead.name} (${lead.company})`,
  };
}

/** The template's SQL handoff checklist, as a handoff records it. */
function sqlChecklistOf(terms: AgreementTerms) {
  const checklist = terms.checklists.find((candidate) => candidate.stage === 'SQL');
  return (checklist?.items ?? []).map((item) => ({
    itemId: item.id,
    label: item.label,
    isRequired: item.isRequired,
    isAutomatic: item.autoCheck !== undefined,
  }));
}

/** Handoffs with their events; ids are stable so a second start finds them already there. */
export function demoHandoffs(nowMs: number, crmOrigin: string): HandoffWithEvents[] {
  const terms = templateTerms();
  const calendar = { ...terms.calendars[0]!, week: demoWeek };
  const rules = new Map(terms.rules.map((rule) => [rule.id, rule]));
  const handoff = (
    id: string,
    leadIndex: number,
    ruleId: 'mql-response' | 'sql-first-touch',
    minutesAgo: number,
    priority: string | undefined,
    events: (start: number) => Omit<HandoffEvent, 'id' | 'handoffId'>[],
  ): HandoffWithEvents => {
    const rule = rules.get(ruleId) as ResponseRule;
    const startedAtMs = nowMs - minutesAgo * minuteMs;
    const isSql = ruleId === 'sql-first-touch';
    const base: Handoff = {
      id,
      agreementId: demoAgreementId,
      rules: [{ ruleId, ruleVersion: rule.version }],
      lead: leadRef(crmOrigin, leadIndex),
      fromPartyId: rule.fromPartyId,
      fromUserId: isSql ? 'sam' : 'mia',
      toPartyId: rule.toPartyId,
      ...(isSql ? { toUserId: 'alex' } : { toUserId: 'sam' }),
      ...(priority === undefined ? {} : { priority }),
      stage: isSql ? 'SQL' : 'MQL',
      checklist: isSql ? sqlChecklistOf(terms).map((item) => ({ ...item, isDone: true })) : [],
      startedAtMs,
    };
    const withEvents: HandoffWithEvents = {
      ...base,
      events: events(startedAtMs).map(
        (event, index) => ({ ...event, id: `${id}-e${index + 1}`, handoffId: id }) as HandoffEvent,
      ),
    };
    return withDerivedEvents(withEvents, rule, calendar, nowMs);
  };

  return [
    handoff('demo-h1', 1, 'mql-response', 60 * 26, 'hot', (start) => [
      { type: 'first_touch', atMs: start + 9 * minuteMs, byUserId: 'sam' },
    ]),
    handoff('demo-h2', 2, 'mql-response', 60 * 30, 'warm', () => []),
    handoff('demo-h3', 4, 'mql-response', 95, 'warm', (start) => [
      {
        type: 'paused',
        reason: 'Lead asked to be contacted later',
        atMs: start + 30 * minuteMs,
        byUserId: 'sam',
      },
    ]),
    handoff('demo-h4', 3, 'sql-first-touch', 60 * 50, undefined, (start) => [
      { type: 'accepted', atMs: start + 20 * minuteMs, byUserId: 'alex' },
      { type: 'first_touch', atMs: start + 3 * 60 * minuteMs, byUserId: 'alex' },
    ]),
    // A hot lead handed over six minutes ago: its 50 % warning comes at 7.5 minutes.
    handoff('demo-h5', 5, 'mql-response', 6, 'hot', () => []),
  ];
}

export const demoTitle = 'Marketing, SDR and AE service level agreement';

/** The demo workspace as the one seed builder writes it: every party's contact signs, so it is active. */
export function demoSeed(nowMs: number, crmOrigin: string): WorkspaceSeed {
  const signers = demoPeople.flatMap(({ userId, displayName, partyId }) =>
    partyId === undefined ? [] : [{ userId, displayName, partyId }],
  );
  const terms = templateTerms();
  const calendar = { ...terms.calendars[0]!, week: demoWeek };
  const rule = (id: string) => terms.rules.find((candidate) => candidate.id === id) as ResponseRule;
  const sqlChecklist = sqlChecklistOf(terms);
  const history = demoHistory({
    nowMs,
    crmOrigin,
    agreementId: demoAgreementId,
    rules: { mql: rule('mql-response'), sql: rule('sql-first-touch') },
    calendar,
    sqlChecklist,
  });
  const startedAtMs = nowMs - historyDays * 86_400_000;
  return {
    workspace: demoWorkspace,
    agreement: {
      id: demoAgreementId,
      title: demoTitle,
      createdAtMs: startedAtMs,
      calendar: { name: 'Demo: around the clock', week: demoWeek },
      signers,
      signedAtMs: startedAtMs,
    },
    members: [...demoPeople.map(({ role: _role, title: _title, ...member }) => member), ...historyPeople],
    handoffs: [...history, ...demoHandoffs(nowMs, crmOrigin)],
    activities: demoActivities(nowMs, history),
  };
}
