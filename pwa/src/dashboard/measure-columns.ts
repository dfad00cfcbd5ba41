import type { ResponseMeasureRow } from '@pactline/shared';
import { minutes } from './dashboard-format';

/** The CSV export's columns of the per-dimension measures table. */
export const measureColumns = [
  { header: 'period', value: (row: ResponseMeasureRow) => row.periodKey },
  { header: 'rule', value: (row: ResponseMeasureRow) => row.ruleId },
  { header: 'party', value: (row: ResponseMeasureRow) => row.partyId },
  { header: 'rep', value: (row: ResponseMeasureRow) => row.repId },
  { header: 'handoffs', value: (row: ResponseMeasureRow) => row.handoffCount },
  { header: 'met', value: (row: ResponseMeasureRow) => row.metCount },
  { header: 'breached', value: (row: ResponseMeasureRow) => row.breachedCount },
  { header: 'open', value: (row: ResponseMeasureRow) => row.openCount },
  { header: 'percent_met', value: (row: ResponseMeasureRow) => row.percentMet?.toFixed(1) },
  { header: 'mean_minutes', value: (row: ResponseMeasureRow) => minutes(row.meanResponseMs) },
  { header: 'median_minutes', value: (row: ResponseMeasureRow) => minutes(row.medianResponseMs) },
  { header: 'p90_minutes', value: (row: ResponseMeasureRow) => minutes(row.p90ResponseMs) },
];
