import type { ActivityProgress, ActivityRule, RepActivityProgress } from '@pactline/shared';

export type ActivityRow = { rule: ActivityRule; progress: ActivityProgress; rep: RepActivityProgress };

/** One row per goal and rep, as the Activity card's CSV export writes them. */
export function activityRows(
  goals: readonly { rule: ActivityRule; progress: ActivityProgress }[],
): ActivityRow[] {
  return goals.flatMap(({ rule, progress }) => progress.reps.map((rep) => ({ rule, progress, rep })));
}

const oneDecimal = (value: number | null) => (value === null ? null : value.toFixed(1));

/** The CSV export's columns of the activity goals per rep. */
export const activityColumns = [
  { header: 'period', value: (row: ActivityRow) => row.progress.periodKey },
  { header: 'rule', value: (row: ActivityRow) => row.rule.id },
  { header: 'party', value: (row: ActivityRow) => row.rule.partyId },
  { header: 'rep', value: (row: ActivityRow) => row.rep.userId },
  { header: 'rep_name', value: (row: ActivityRow) => row.rep.displayName },
  { header: 'activity', value: (row: ActivityRow) => row.progress.kind },
  { header: 'count', value: (row: ActivityRow) => row.rep.count },
  { header: 'target', value: (row: ActivityRow) => row.progress.targetCount },
  { header: 'expected_by_now', value: (row: ActivityRow) => oneDecimal(row.rep.expectedByNowCount) },
  { header: 'pace_percent', value: (row: ActivityRow) => oneDecimal(row.rep.pacePercent) },
  { header: 'projected', value: (row: ActivityRow) => oneDecimal(row.rep.projectedCount) },
  {
    header: 'status',
    value: (row: ActivityRow) => (row.rep.isMet ? 'met' : row.rep.isOnTrack ? 'on_track' : 'behind'),
  },
];
