import type { DashboardModel } from './dashboard-model';
import { PaceMeter, paceWords } from './pace-meter';

/** Each volume goal's delivered count against its target and the pace expected by now. */
export function VolumeCard({ model }: { model: DashboardModel }) {
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
            <span class={progress.isOnTrack ? 'ok' : 'bad'}>{paceWords(progress)}</span>
            {progress.projectedCount !== null && ` · heading for ${Math.round(progress.projectedCount)}`}
          </p>
          <PaceMeter
            count={progress.deliveredCount}
            targetCount={progress.targetCount}
            elapsedFraction={progress.elapsedFraction}
          />
        </div>
      ))}
    </section>
  );
}
