import { toCsv } from '@pactline/shared';
import { downloadCsv } from '../handoffs/csv';
import { activityColumns, activityRows } from './activity-columns';
import { percent } from './dashboard-format';
import type { DashboardModel } from './dashboard-model';
import { PaceMeter, paceWords } from './pace-meter';

/**
 * Each activity goal ("50 calls per SDR per week") in its current period: the party's reps together
 * against the target times the reps, and each rep against the target, paced across the period.
 */
export function ActivityCard({
  model,
  partyName,
}: {
  model: DashboardModel;
  partyName: (id: string | null) => string;
}) {
  const rows = activityRows(model.activities);
  return (
    <section class="card" aria-labelledby="activity-title">
      <div class="screen-head">
        <h2 id="activity-title">Activity</h2>
        <button
          type="button"
          class="ghost"
          disabled={rows.length === 0}
          onClick={() => downloadCsv('activity.csv', toCsv(activityColumns, rows))}
        >
          Export CSV
        </button>
      </div>
      {model.activities.length === 0 && <p class="muted">No activity goal in this agreement.</p>}
      {model.activities.map(({ rule, progress }) => (
        <div key={rule.id} class="volume activity" data-rule={rule.id}>
          <p>
            <strong>{rule.name}</strong>: {rule.targetCount} {rule.activity} per rep of{' '}
            {partyName(rule.partyId)} this {rule.period}
          </p>
          {progress.kind === null ? (
            <p class="muted" data-unmeasured="activity">
              Not measured: the overlay logs calls, emails and meetings, and “{rule.activity}” is none of
              them.
            </p>
          ) : progress.reps.length === 0 ? (
            <p class="muted">No member of {partyName(rule.partyId)} is in the directory yet.</p>
          ) : (
            <>
              <p data-total>
                {progress.count} of {progress.targetCount * progress.reps.length} by {progress.reps.length}{' '}
                rep
                {progress.reps.length === 1 ? '' : 's'}
                {' · '}
                <span class={progress.isOnTrack ? 'ok' : 'bad'}>{paceWords(progress)}</span>
                {progress.repsBehindCount > 0 && ` · ${progress.repsBehindCount} behind`}
              </p>
              <PaceMeter
                count={progress.count}
                targetCount={progress.targetCount * progress.reps.length}
                elapsedFraction={progress.elapsedFraction}
              />
              <table class="stats" aria-label={`${rule.name} per rep`}>
                <thead>
                  <tr>
                    <th scope="col">Rep</th>
                    <th scope="col">Logged</th>
                    <th scope="col">By now</th>
                    <th scope="col">Pace</th>
                  </tr>
                </thead>
                <tbody>
                  {progress.reps.map((rep) => (
                    <tr key={rep.userId} data-rep={rep.userId}>
                      <td>{rep.displayName}</td>
                      <td>{rep.count}</td>
                      <td>{Math.round(rep.expectedByNowCount)}</td>
                      <td class={rep.isOnTrack ? 'ok' : 'bad'}>
                        {percent(rep.pacePercent)} · {paceWords(rep)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      ))}
    </section>
  );
}
