import { toMinutes } from './dashboard-format';
import type { DashboardModel } from './dashboard-model';
import { TimeChart } from './time-chart';

/** One chart per response rule: median and p90 response against the goal. */
export function TrendCards({ model }: { model: DashboardModel }) {
  return (
    <>
      {model.trends.map(({ rule, points }) => (
        <section class="card" key={rule.id} aria-label={`${rule.name}: response time against the goal`}>
          <TimeChart
            title={`${rule.name}: response vs goal`}
            times={points.map((point) => point.periodStartMs)}
            series={[
              {
                label: 'Median',
                color: '#1971c2',
                values: points.map((point) => toMinutes(point.medianResponseMs)),
              },
              {
                label: 'p90',
                color: '#e67700',
                values: points.map((point) => toMinutes(point.p90ResponseMs)),
              },
              {
                label: 'Goal',
                color: '#c2255c',
                dash: [6, 4],
                values: points.map((point) => point.goalMs / 60_000),
              },
            ]}
          />
        </section>
      ))}
    </>
  );
}
