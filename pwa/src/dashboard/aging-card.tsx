import { businessHours } from './dashboard-format';
import type { DashboardModel } from './dashboard-model';

/** Open, untouched leads bucketed by their business age. */
export function AgingCard({ model }: { model: DashboardModel }) {
  return (
    <section class="card" aria-labelledby="aging-title">
      <h2 id="aging-title">Untouched leads by age</h2>
      <table class="stats">
        <thead>
          <tr>
            <th scope="col">Business age</th>
            <th scope="col">Leads</th>
          </tr>
        </thead>
        <tbody>
          {model.aging.map((bucket) => (
            <tr key={bucket.fromMs}>
              <td>
                {bucket.toMs === null
                  ? `over ${businessHours(bucket.fromMs)}`
                  : `${businessHours(bucket.fromMs)} – ${businessHours(bucket.toMs)}`}
              </td>
              <td>{bucket.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
