import {
  type Activity,
  type CalendarDefinition,
  type ChecklistItemState,
  escalationsDue,
  type Handoff,
  type HandoffEvent,
  type HandoffWithEvents,
  judgementDue,
  type Member,
  type ResponseRule,
} from '@pactline/shared';
import { seededRandom } from '../seed/seeded-random.js';

/**
 * A quarter and a bit of handoff history for the demo, so every chart, table and card has
 * something a sales-ops lead recognises: about four months of MQLs from two marketers to three
 * SDRs, the SQLs those SDRs pass to two AEs, and every outcome a real quarter has (met, breached,
 * paused and resumed, rejected, reassigned, hot and warm, a few leads nobody touched).
 *
 * Deterministic: a seeded generator and times relative to `nowMs`, so every fresh machine shows the
 * same history shifted to today. Months alternate between a team that keeps its goals and one that
 * misses them (volume and qualification rate), and one SDR is slower on hot leads than the others,
 * so the per-rep table and root cause have a story to tell.
 */

export const historyPeople: readonly (Member & { partyId: string })[] = [
  { userId: 'noah', displayName: 'Noah Campaigns', partyId: 'marketing' },
  { userId: 'priya', displayName: 'Priya Shah', partyId: 'sdr' },
  { userId: 'tom', displayName: 'Tom Becker', partyId: 'sdr' },
  { userId: 'jordan', displayName: 'Jordan Lee', partyId: 'ae' },
];

const marketers = ['mia', 'noah'];
const sdrs = ['sam', 'priya', 'tom'];
const aes = ['alex', 'jordan'];

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
export const historyDays = 124;

/** Per month back from now (0 is the current month): MQLs per day and the share that become SQLs. */
const monthMoods = [
  { mqlsPerDay: 3.4, qualifyShare: 0.66 },
  { mqlsPerDay: 2.6, qualifyShare: 0.5 },
  { mqlsPerDay: 3.7, qualifyShare: 0.68 },
  { mqlsPerDay: 3.0, qualifyShare: 0.55 },
  { mqlsPerDay: 3.5, qualifyShare: 0.7 },
] as const;

const rejectReasons = [
  'Not in our territory',
  'Student, not a buyer',
  'Duplicate of an existing account',
  'No budget this year',
];
const firstNames = [
  'Ada',
  'Ben',
  'Chloe',
  'Diego',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lina',
];
const lastNames = ['Novak', 'Ortiz', 'Patel', 'Quinn', 'Rossi', 'Sato', 'Tran', 'Usman', 'Vidal', 'Weber'];
const companies = [
  'Acme Freight',
  'Bluefin Health',
  'Cobalt Labs',
  'Delta Dental',
  'Evergreen Retail',
  'Fable Games',
];

/** An event before it has its ids (distributed over the union, so each type keeps its fields). */
type EventDraft = HandoffEvent extends infer Event
  ? Event extends HandoffEvent
    ? Omit<Event, 'id' | 'handoffId'>
    : never
  : never;

type HistoryInput = {
  nowMs: number;
  crmOrigin: string;
  agreementId: string;
  rules: { mql: ResponseRule; sql: ResponseRule };
  calendar: CalendarDefinition;
  /** The SQL handoff checklist's items, recorded as done at handoff time. */
  sqlChecklist: readonly Omit<ChecklistItemState, 'isDone'>[];
};

/** Whole calendar months between the month of `atMs` and the month of `nowMs` (UTC). */
function monthsBack(atMs: number, nowMs: number): number {
  const at = new Date(atMs);
  const now = new Date(nowMs);
  return (now.getUTCFullYear() - at.getUTCFullYear()) * 12 + now.getUTCMonth() - at.getUTCMonth();
}

export function demoHistory(input: HistoryInput): HandoffWithEvents[] {
  const { nowMs, crmOrigin, agreementId, rules } = input;
  const random = seededRandom(20_261_206);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (fromMs: number, toMs: number) => fromMs + random() * (toMs - fromMs);
  const handoffs: HandoffWithEvents[] = [];
  let leadNumber = 0;

  const build = (handoff: Handoff, events: EventDraft[]): HandoffWithEvents => ({
    ...handoff,
    events: events
      .filter((event) => event.atMs <= nowMs - minuteMs)
      .map(
        (event, index) =>
          ({
            ...event,
            atMs: Math.round(event.atMs),
            id: `${handoff.id}-e${index + 1}`,
            handoffId: handoff.id,
          }) as HandoffEvent,
      ),
  });

  // Day by day up to yesterday; the start of each day is aligned to midnight UTC so the history
  // shifts with today by whole days.
  const firstDayMs = Math.floor(nowMs / dayMs) * dayMs - historyDays * dayMs;
  for (let dayStartMs = firstDayMs; dayStartMs < nowMs - dayMs; dayStartMs += dayMs) {
    const weekday = new Date(dayStartMs).getUTCDay();
    const mood = monthMoods[Math.min(monthMoods.length - 1, monthsBack(dayStartMs, nowMs))] ?? monthMoods[0];
    const weekendFactor = weekday === 0 || weekday === 6 ? 0.3 : 1.25;
    const count = Math.floor(mood.mqlsPerDay * weekendFactor + random());
    for (let index = 0; index < count; index++) {
      leadNumber += 1;
      const number = String(leadNumber).padStart(4, '0');
      const name = `${pick(firstNames)} ${pick(lastNames)}`;
      const company = pick(companies);
      const lead = {
        crm: 'generic' as const,
        objectType: 'leads',
        recordId: `H-${number}`,
        url: `${crmOrigin}/leads/H-${number}`,
        displayName: `${name} (${company})`,
      };
      const startedAtMs = Math.round(between(dayStartMs + 8 * hourMs, dayStartMs + 18 * hourMs));
      const isHot = random() < 0.3;
      const sdr = pick(sdrs);
      const mql: Handoff = {
        id: `demo-mql-${number}`,
        agreementId,
        rules: [{ ruleId: rules.mql.id, ruleVersion: rules.mql.version }],
        lead,
        fromPartyId: 'marketing',
        fromUserId: pick(marketers),
        toPartyId: 'sdr',
        toUserId: sdr,
        priority: isHot ? 'hot' : 'warm',
        stage: 'MQL',
        checklist: [],
        startedAtMs,
      };
      const targetMs = (isHot ? 15 : 240) * minuteMs;
      // Tom answers hot leads late far more often: the per-rep table and the trend show it.
      const breachShare = sdr === 'tom' ? 0.35 : 0.1;
      const isLate = random() < breachShare;
      const responseMs = isLate
        ? between(1.1 * targetMs, 2.5 * targetMs)
        : between(0.2 * targetMs, 0.9 * targetMs);
      const roll = random();
      const events: EventDraft[] = [];
      let responder = sdr;
      let answeredAtMs: number | null = startedAtMs + responseMs;
      if (roll < 0.12) {
        events.push({
          type: 'rejected',
          atMs: startedAtMs + between(0.1, 0.8) * targetMs,
          byUserId: sdr,
          reason: pick(rejectReasons),
        });
        answeredAtMs = null;
      } else if (roll < 0.15) {
        answeredAtMs = null; // nobody ever touched it: a breach, and an old lead in the aging table
      } else {
        if (roll < 0.25) {
          const pausedAtMs = startedAtMs + 0.1 * targetMs;
          const resumedAtMs = pausedAtMs + between(1, 4) * hourMs;
          events.push(
            { type: 'paused', atMs: pausedAtMs, byUserId: sdr, reason: pick(rules.mql.allowedPauseReasons) },
            { type: 'resumed', atMs: resumedAtMs, byUserId: sdr },
          );
          answeredAtMs = resumedAtMs + responseMs * 0.8;
        } else if (roll < 0.32) {
          responder = pick(sdrs.filter((other) => other !== sdr));
          events.push({
            type: 'reassigned',
            atMs: startedAtMs + 0.05 * targetMs,
            byUserId: sdr,
            toUserId: responder,
          });
        }
        if (random() < 0.4)
          events.push({ type: 'accepted', atMs: startedAtMs + 0.02 * targetMs, byUserId: responder });
        events.push({
          type: 'first_touch',
          atMs: answeredAtMs,
          byUserId: responder,
          channel: pick(['call', 'email']),
        });
      }
      handoffs.push(build(mql, events));

      // Some of the answered MQLs become SQLs a day or three later, passed on to an AE.
      if (answeredAtMs === null || random() >= mood.qualifyShare / 0.85) continue;
      const sqlStartMs = Math.round(answeredAtMs + between(0.5, 3) * dayMs);
      if (sqlStartMs > nowMs - 2 * hourMs) continue;
      const ae = pick(aes);
      const sqlLate = random() < 0.15;
      const sqlTargetMs = 480 * minuteMs;
      const sqlEvents: EventDraft[] = [
        { type: 'accepted', atMs: sqlStartMs + between(5, 60) * minuteMs, byUserId: ae },
      ];
      if (random() < 0.08) {
        sqlEvents.push({
          type: 'paused',
          atMs: sqlStartMs + 1.5 * hourMs,
          byUserId: ae,
          reason: 'Prospect on holiday',
        });
        sqlEvents.push({ type: 'resumed', atMs: sqlStartMs + 30 * hourMs, byUserId: ae });
      }
      const sqlResponseMs = sqlLate ? between(1.1, 2.5) * sqlTargetMs : between(0.1, 0.9) * sqlTargetMs;
      const pausedMs = sqlEvents.length > 1 ? 28.5 * hourMs : 0;
      sqlEvents.push({
        type: 'first_touch',
        atMs: sqlStartMs + sqlResponseMs + pausedMs,
        byUserId: ae,
        channel: 'call',
      });
      const sql: Handoff = {
        ...mql,
        id: `demo-sql-${number}`,
        rules: [{ ruleId: rules.sql.id, ruleVersion: rules.sql.version }],
        fromPartyId: 'sdr',
        fromUserId: responder,
        toPartyId: 'ae',
        toUserId: ae,
        stage: 'SQL',
        checklist: input.sqlChecklist.map((item) => ({ ...item, isDone: item.isRequired || random() < 0.6 })),
        startedAtMs: sqlStartMs,
      };
      delete (sql as { priority?: string }).priority;
      handoffs.push(build(sql, sqlEvents));
    }
  }
  return handoffs.map((handoff) =>
    withDerivedEvents(handoff, handoff.stage === 'SQL' ? rules.sql : rules.mql, input.calendar, nowMs),
  );
}

/** Calls and emails an SDR logs on a weekday, on average: Tom falls behind the 50-calls-a-week goal. */
const callsPerWeekday: Readonly<Record<string, number>> = { sam: 13, priya: 13, tom: 6 };
const activityDays = 35;

/**
 * Five weeks of the SDRs' logged activity: every first touch of the history as the call or email
 * it was, and the rest of each SDR's dials through the working day on the leads they hold, so the
 * Activity card has a week in progress and a rep behind pace.
 */
export function demoActivities(nowMs: number, handoffs: readonly HandoffWithEvents[]): Activity[] {
  const random = seededRandom(20_261_207);
  const activities: Activity[] = [];
  const fromMs = nowMs - activityDays * dayMs;
  const leadsOf = new Map<string, HandoffWithEvents['lead'][]>();
  for (const handoff of handoffs) {
    if (handoff.toPartyId !== 'sdr') continue;
    for (const event of handoff.events) {
      if (event.type !== 'first_touch' || event.atMs < fromMs) continue;
      activities.push({
        id: `${event.id}-activity`,
        kind: event.channel === 'email' ? 'email' : 'call',
        lead: handoff.lead,
        atMs: event.atMs,
        byUserId: event.byUserId,
        handoffId: handoff.id,
      });
    }
    const owner = handoff.toUserId ?? '';
    leadsOf.set(owner, [...(leadsOf.get(owner) ?? []), handoff.lead]);
  }
  const firstDayMs = Math.floor(fromMs / dayMs) * dayMs;
  for (let dayStartMs = firstDayMs; dayStartMs < nowMs; dayStartMs += dayMs) {
    const weekday = new Date(dayStartMs).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [sdr, perDay] of Object.entries(callsPerWeekday)) {
      const leads = leadsOf.get(sdr) ?? [];
      const count = Math.round(perDay * (0.8 + 0.4 * random()));
      for (let index = 0; index < count && leads.length > 0; index++) {
        const atMs = Math.round(dayStartMs + (8.5 + 9 * random()) * hourMs);
        if (atMs > nowMs - minuteMs) continue;
        activities.push({
          id: `demo-dial-${new Date(dayStartMs).toISOString().slice(0, 10)}-${sdr}-${index + 1}`,
          kind: random() < 0.85 ? 'call' : 'email',
          lead: leads[Math.floor(random() * leads.length)] as HandoffWithEvents['lead'],
          atMs,
          byUserId: sdr,
        });
      }
    }
  }
  return activities;
}

/**
 * The `escalated` and `judged` events the relay's watcher would have written, with the same ids and
 * content, so the demo's history reads as if the watcher had been running all along.
 */
export function withDerivedEvents(
  handoff: HandoffWithEvents,
  rule: ResponseRule,
  calendar: CalendarDefinition,
  nowMs: number,
): HandoffWithEvents {
  // Rungs reached before the response were written at the time, as the watcher would have.
  const stop = handoff.events.find((event) => (rule.stopOn as readonly string[]).includes(event.type));
  const escalations =
    stop === undefined
      ? escalationsDue(rule, handoff, calendar, nowMs)
      : escalationsDue(
          rule,
          { ...handoff, events: handoff.events.filter((event) => event.atMs < stop.atMs) },
          calendar,
          stop.atMs - 1,
        );
  const withRungs = { ...handoff, events: [...handoff.events, ...escalations] };
  const judged = judgementDue(rule, withRungs, calendar, nowMs);
  return judged === null ? withRungs : { ...withRungs, events: [...withRungs.events, judged] };
}
