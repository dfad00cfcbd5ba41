import { type MeasureDimension, type ResponseMeasureRow, toCsv } from '@pactline/shared';
import { downloadCsv } from '../handoffs/csv';
import { formatDurationMs } from '../handoffs/format';
import { percent } from './dashboard-format';
import type { DashboardModel, DashboardOptions } from './dashboard-model';
import { dimensionLabels } from './dimension-labels';
import { measureColumns } from './measure-columns';

type Props = {
  model: DashboardModel;
  period: DashboardOptions['period'];
  groupBy: MeasureDimension;
  labelOf: (row: ResponseMeasureRow) => string;
};

/** The response measures per rule, party or rep and period, with their CSV export. */
export function MeasuresTableCard({ model, period, groupBy, labelOf }: Props) {
  return (
    <section class="card" aria-labelledby="table-title">
      <div class="screen-head">
        <h2 id="table-title">
          Per {dimensionLabels[groupBy].toLowerCase()} and {period}
        </h2>
        <button
          type="button"
          class="ghost"
          disabled={model.rows.length === 0}
          onClick={() => downloadCsv('measures.csv', toCsv(measureColumns, model.rows))}
        >
          Export CSV
        </button>
      </div>
      {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keys */}
      <section class="table-scroll" tabIndex={0} aria-labelledby="table-title">
        <table class="stats" aria-label="Response measures">
          <thead>
            <tr>
              <th scope="col">{dimensionLabels[groupBy]}</th>
              <th scope="col">Period</th>
              <th scope="col">Handoffs</th>
              <th scope="col">% met</th>
              <th scope="col">Mean</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
              <th scope="col">Breaches</th>
            </tr>
          </thead>
          <tbody>
            {model.rows.map((row) => (
              <tr key={`${row.periodKey}-${row.ruleId}-${row.partyId}-${row.repId}`}>
                <td>{labelOf(row)}</td>
                <td>{row.periodKey}</td>
                <td>{row.handoffCount}</td>
                <td>{percent(row.percentMet)}</td>
                <td>{formatDurationMs(row.meanResponseMs ?? -1)}</td>
                <td>{formatDurationMs(row.medianResponseMs ?? -1)}</td>
                <td>{formatDurationMs(row.p90ResponseMs ?? -1)}</td>
                <td>{row.breachedCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {model.rows.length === 0 && (
          <p class="empty">No handoffs under this agreement in the loaded months.</p>
        )}
      </section>
    </section>
  );
}
