import type { Rule } from '@pactline/shared';
import type { DashboardModel } from './dashboard-model';

/** Each volume goal's delivered count against its target and the pace expected by now. */
export function VolumeCard({
  model,
  activityRules,
}: {
  model: DashboardModel;
  activityRules: readonly Rule[];
}) {
  return (
    <section class="card" aria-labelledby="volume-title">
      <h2 id="volume-title">Volume and pacing</h2>
      {model.volumes.length === 0 && <p class="muted">No volume goal in this agreement.</p>}
      {model.volumes.map(({ rule, progress }) => (
        <div key={rule.id} class="volume" data-rule={rule.id}>
          <p>
            <strong>{rule.name}</strong>: {progress.deliveredCount} of {progress.targetCount} {rule.itemLabel}{' '}
            this {rule.period}
            {' · '}
            <span class={progress.isOnTrack ? 'ok' : 'bad'}>
              {progress.isMet ? 'met' : progress.isOnTrack ? 'on track' : 'behind pace'}
            </span>
            {progress.projectedCount !== null && ` · heading for ${Math.round(progress.projectedCount)}`}
          </p>
          <div class="meter" aria-hidden="true">
            <span
              style={{
                width: `${Math.min(100, (progress.deliveredCount / progress.targetCount) * 100)}%`,
              }}
            />
            <i
              style={{ left: `${Math.min(100, progress.elapsedFraction * 100)}%` }}
              title="expected by now"
            />
          </div>
        </div>
      ))}
      {activityRules.length > 0 && (
        <p class="muted" data-unmeasured="activity">
          Not measured: {activityRules.map((rule) => rule.name).join(', ')}. The log records handoffs and what
          happened to them, not calls or emails.
        </p>
      )}
    </section>
  );
}
