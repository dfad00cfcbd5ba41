import { percent } from './dashboard-format';
import type { DashboardModel } from './dashboard-model';

/** Each conversion goal's rate over the leads received in its current period. */
export function ConversionCard({
  model,
  partyName,
}: {
  model: DashboardModel;
  partyName: (id: string | null) => string;
}) {
  return (
    <section class="card" aria-labelledby="conversion-title">
      <h2 id="conversion-title">Conversion</h2>
      {model.conversions.length === 0 && <p class="muted">No conversion goal in this agreement.</p>}
      {model.conversions.map(({ rule, progress }) => (
        <div key={rule.id} class="conversion" data-rule={rule.id}>
          <p>
            <strong>{rule.name}</strong>: {percent(progress.ratePercent)} of {rule.fromStage} leads received
            by {partyName(rule.partyId)} this {rule.period} became {rule.toStage}
            {' · goal '}
            {rule.comparison === 'at_least' ? '≥' : '≤'} {rule.targetPercent} %{' · '}
            <span class={progress.isMet === false ? 'bad' : 'ok'}>
              {progress.isMet === null
                ? 'nothing received yet'
                : progress.isMet
                  ? progress.isFinal
                    ? 'met'
                    : 'meeting it so far'
                  : progress.isFinal
                    ? 'missed'
                    : 'below it so far'}
            </span>
          </p>
          <p class="muted">
            {progress.receivedCount} received: {progress.convertedCount} became {rule.toStage},{' '}
            {progress.rejectedCount} rejected, {progress.pendingCount} not decided yet
          </p>
        </div>
      ))}
    </section>
  );
}
