import {
  type Activity,
  type ActivityEvidence,
  type ActivityProgress,
  type ActivityRule,
  type AgingBucket,
  type AgreementTerms,
  activityCalendar,
  activityProgress,
  agingBuckets,
  attributeMissedGoal,
  type ClockRecord,
  type ConversionProgress,
  type ConversionRule,
  clockRecords,
  conversionProgress,
  dayMs,
  type FunnelStageActual,
  type HandoffWithEvents,
  type MeasureDimension,
  type Member,
  type Period,
  periodBucketAt,
  type ResponseMeasureRow,
  type ResponseRule,
  type ResponseTrendPoint,
  type RootCause,
  responseMeasures,
  responseTrend,
  type VolumeProgress,
  type VolumeRule,
  volumeProgress,
} from '@pactline/shared';
import { monthsBetween } from '@pactline/shared/doc';

/**
 * The dashboard as data: everything it shows, computed by the shared measures from one
 * agreement's terms and its handoffs at `nowMs`. The screen only lays this out.
 */
export type DashboardOptions = {
  period: Exclude<Period, 'quarter'>;
  groupBy: MeasureDimension;
  nowMs: number;
  /** How many periods back the response-time chart goes. */
  trendPeriods: number;
};

export type RuleTrend = { rule: ResponseRule; points: ResponseTrendPoint[] };

export type DashboardModel = {
  handoffCount: number;
  /**
   * This period's handoffs started from a CRM page rather than the button: those whose clock
   * starts at the CRM's own time of the change, and those timed from when a device first saw it.
   */
  pageSeen: { crmTimedCount: number; firstSeenCount: number };
  unmeasuredCount: number;
  rows: ResponseMeasureRow[];
  overall: ResponseMeasureRow | null;
  trends: RuleTrend[];
  volumes: { rule: VolumeRule; progress: VolumeProgress }[];
  /** Each enabled activity goal's count per rep in its current period, with pacing. */
  activities: { rule: ActivityRule; progress: ActivityProgress }[];
  /** Each enabled conversion rule's rate in its current period (its cohort of received leads). */
  conversions: { rule: ConversionRule; progress: ConversionProgress }[];
  aging: AgingBucket[];
  rootCause: RootCause | null;
  /** The next instant an open clock breaches, when the measures will change by themselves. */
  nextBreachAtMs: number | null;
};

const periodMs = { day: dayMs, week: 7 * dayMs, month: 31 * dayMs } as const;

type Window = Pick<DashboardOptions, 'period' | 'trendPeriods' | 'nowMs'> & {
  /** The periods of the agreement's volume and conversion goals, measured over their current period. */
  goalPeriods?: readonly Period[];
};

/** Where the response-time chart starts. */
function trendStartMs(options: Window): number {
  return options.nowMs - options.trendPeriods * periodMs[options.period];
}

/**
 * The months (UTC `yyyy-mm`, newest first) whose handoff logs hold every handoff the dashboard
 * shows for `period`: the chart's window including the whole of its first period (which began up
 * to a period before the window), and the current period of every goal (a quarterly goal reaches
 * back to the quarter's start), each a day more, because periods are cut in a calendar's time
 * zone while each log document holds the handoffs begun in one UTC month.
 */
export function dashboardMonths(options: Window): string[] {
  const goalStartsMs = (options.goalPeriods ?? []).map(
    (period) => periodBucketAt(options.nowMs, period, 'UTC').startMs,
  );
  const fromMs = Math.min(trendStartMs(options) - periodMs[options.period], ...goalStartsMs) - dayMs;
  return monthsBetween(fromMs, options.nowMs);
}

/** What the logs say besides handoffs, and who the reps are. */
export type DashboardActivity = {
  activities: readonly Activity[];
  members: readonly Member[];
};

export function buildDashboard(
  terms: AgreementTerms,
  handoffs: readonly HandoffWithEvents[],
  options: DashboardOptions,
  { activities, members }: DashboardActivity = { activities: [], members: [] },
): DashboardModel {
  const { records, unmeasured } = clockRecords({
    handoffs,
    rules: terms.rules,
    calendars: terms.calendars,
    nowMs: options.nowMs,
  });
  const rows = responseMeasures(records, { period: options.period, groupBy: [options.groupBy] }).sort(
    (a, b) =>
      b.periodStartMs - a.periodStartMs ||
      String(a.ruleId ?? a.partyId ?? a.repId).localeCompare(String(b.ruleId ?? b.partyId ?? b.repId)),
  );
  const overallRows = responseMeasures(records, { period: options.period, groupBy: [] });
  const calendarOf = (id: string | undefined) => terms.calendars.find((calendar) => calendar.id === id);
  const firstCalendar = terms.calendars[0];
  const timeZone = firstCalendar?.timeZone ?? 'UTC';
  const currentKey = periodBucketAt(options.nowMs, options.period, timeZone).key;
  const overall = overallRows.find((row) => row.periodKey === currentKey) ?? null;

  const fromMs = trendStartMs(options);
  const trends = terms.rules
    .filter((rule): rule is ResponseRule => rule.kind === 'response' && rule.isEnabled)
    .map((rule) => ({
      rule,
      points: responseTrend(rule, records, {
        period: options.period,
        fromMs,
        toMs: options.nowMs,
        timeZone: calendarOf(rule.calendarId)?.timeZone ?? timeZone,
      }),
    }));

  const volumes = terms.rules
    .filter((rule): rule is VolumeRule => rule.kind === 'volume' && rule.isEnabled)
    .map((rule) => {
      const calendar = calendarOf(rule.calendarId);
      return {
        rule,
        progress: volumeProgress(
          rule,
          handoffs,
          calendar ? { nowMs: options.nowMs, calendar } : { nowMs: options.nowMs, timeZone },
        ),
      };
    });

  const activityGoals = terms.rules
    .filter((rule): rule is ActivityRule => rule.kind === 'activity' && rule.isEnabled)
    .map((rule) => {
      const calendar = activityCalendar(terms, rule.partyId);
      return {
        rule,
        progress: activityProgress(
          rule,
          activities,
          members,
          calendar ? { nowMs: options.nowMs, calendar } : { nowMs: options.nowMs, timeZone },
        ),
      };
    });

  const conversions = terms.rules
    .filter((rule): rule is ConversionRule => rule.kind === 'conversion' && rule.isEnabled)
    .map((rule) => ({
      rule,
      progress: conversionProgress(rule, handoffs, { nowMs: options.nowMs, timeZone }),
    }));

  const aging = agingBuckets(
    handoffs,
    firstCalendar ? { nowMs: options.nowMs, calendar: firstCalendar } : { nowMs: options.nowMs },
  );

  const periodStartMs = periodBucketAt(options.nowMs, options.period, timeZone).startMs;
  const pageSeen = { crmTimedCount: 0, firstSeenCount: 0 };
  for (const handoff of handoffs) {
    if (handoff.source !== 'page' || handoff.startedAtMs < periodStartMs) continue;
    if (handoff.startedAtSource === 'crm') pageSeen.crmTimedCount++;
    else pageSeen.firstSeenCount++;
  }

  return {
    handoffCount: handoffs.length,
    pageSeen,
    unmeasuredCount: unmeasured.length,
    rows,
    overall,
    trends,
    volumes,
    activities: activityGoals,
    conversions,
    aging,
    rootCause: rootCauseOf(terms, handoffs, records, volumes, activityGoals, {
      nowMs: options.nowMs,
      timeZone,
    }),
    nextBreachAtMs: records.reduce<number | null>((next, record) => {
      const breachAtMs = record.clock.isOpen ? record.clock.breachAtMs : null;
      if (breachAtMs === null || breachAtMs <= options.nowMs) return next;
      return next === null ? breachAtMs : Math.min(next, breachAtMs);
    }, null),
  };
}

/**
 * Root cause of a missed volume goal along the funnel: the volume rules give each stage's target
 * (MQLs from marketing), conversion rules the rate the next stage should reach (SQLs from SDRs),
 * and the period's handoffs what was delivered. Response compliance, rejections and activity goals
 * behind pace add evidence.
 */
export function rootCauseOf(
  terms: AgreementTerms,
  handoffs: readonly HandoffWithEvents[],
  records: readonly ClockRecord[],
  volumes: readonly { rule: VolumeRule; progress: VolumeProgress }[],
  activityGoals: readonly { rule: ActivityRule; progress: ActivityProgress }[],
  { nowMs, timeZone }: { nowMs: number; timeZone: string },
): RootCause | null {
  const first = volumes[0];
  if (!first) return null;
  const { rule, progress } = first;
  const progressZone =
    terms.calendars.find((calendar) => calendar.id === rule.calendarId)?.timeZone ?? timeZone;
  const inPeriod = handoffs.filter(
    (handoff) => handoff.startedAtMs >= progress.periodStartMs && handoff.startedAtMs < progress.periodEndMs,
  );
  // Compare with what should have been delivered by now, so a month half gone is judged on half.
  const stages: FunnelStageActual[] = [
    {
      stage: rule.itemLabel,
      partyId: rule.partyId,
      targetCount: progress.expectedByNowCount,
      deliveredCount: progress.deliveredCount,
    },
  ];
  const conversion = terms.rules.find(
    (candidate) => candidate.kind === 'conversion' && candidate.partyId === rule.toPartyId,
  );
  if (conversion?.kind === 'conversion' && rule.toPartyId !== undefined) {
    // The same cohort the Conversion card counts: this period's leads, converted whenever they were.
    const cohort = conversionProgress({ ...conversion, period: rule.period }, handoffs, {
      nowMs,
      timeZone: progressZone,
    });
    stages.push({
      stage: conversion.toStage,
      partyId: rule.toPartyId,
      targetCount: Math.round((progress.expectedByNowCount * conversion.targetPercent) / 100),
      deliveredCount: cohort.convertedCount,
    });
  }
  const compliance = responseMeasures(
    records.filter((record) => record.handoff.startedAtMs >= progress.periodStartMs),
    { period: 'quarter', groupBy: ['party'] },
  )
    .filter((row) => row.partyId !== null)
    .map((row) => ({ partyId: row.partyId as string, percentMet: row.percentMet, goalPercent: 90 }));
  const rejections = new Map<
    string,
    { fromPartyId: string; toPartyId: string; handedOffCount: number; rejectedCount: number }
  >();
  for (const handoff of inPeriod) {
    const key = `${handoff.fromPartyId}>${handoff.toPartyId}`;
    const entry = rejections.get(key) ?? {
      fromPartyId: handoff.fromPartyId,
      toPartyId: handoff.toPartyId,
      handedOffCount: 0,
      rejectedCount: 0,
    };
    entry.handedOffCount += 1;
    if (handoff.events.some((event) => event.type === 'rejected')) entry.rejectedCount += 1;
    rejections.set(key, entry);
  }
  return attributeMissedGoal({
    stages,
    responseCompliance: compliance,
    rejections: [...rejections.values()],
    activities: activityGoals.flatMap(({ rule, progress }): ActivityEvidence[] =>
      progress.kind === null || progress.reps.length === 0
        ? []
        : [
            {
              partyId: rule.partyId,
              activity: `${progress.kind}s`,
              count: progress.count,
              expectedByNowCount: progress.expectedByNowCount,
              repCount: progress.reps.length,
              repsBehindCount: progress.repsBehindCount,
            },
          ],
    ),
    partyName: (partyId) => terms.parties.find((party) => party.id === partyId)?.name ?? partyId,
  });
}
