import type { HistoryTarget, ResponseRule } from '@pactline/shared';
import { percent } from '../dashboard/dashboard-format';

type Props = {
  targets: readonly { rule: ResponseRule; target: HistoryTarget }[];
  sinceMs: number;
  /** Sets a rule's target; absent for a reader who cannot edit the agreement. */
  onSetTarget?: (rule: ResponseRule, minutes: number) => void;
};

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  return minutes < 120 ? `${Math.round(minutes)} min` : `${Math.round((minutes / 60) * 10) / 10} h`;
}

/**
 * What the history says (imported or live): each response rule's real response in business time,
 * the share that would have met the target as it stands, and a target the history supports.
 */
export function HistoryTargetsCard({ targets, sinceMs, onSetTarget }: Props) {
  return (
    <section class="card history-targets" aria-labelledby="history-targets-title">
      <h2 id="history-targets-title">What the history says</h2>
      <p class="muted">
        Handoffs since {new Date(sinceMs).toLocaleDateString()}, imported ones included, in each rule’s
        business time.
      </p>
      <table class="stats">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Responses</th>
            <th scope="col">Median</th>
            <th scope="col">p80</th>
            <th scope="col">p90</th>
            <th scope="col">Met the target now</th>
            <th scope="col">Target</th>
          </tr>
        </thead>
        <tbody>
          {targets.map(({ rule, target }) => (
            <tr key={rule.id} data-history-rule={rule.id}>
              <th scope="row">{rule.name}</th>
              <td>{target.respondedCount}</td>
              <td>{duration(target.medianMs)}</td>
              <td>{duration(target.p80Ms)}</td>
              <td>{duration(target.p90Ms)}</td>
              <td data-share-met>{target.shareMet === null ? '—' : percent(target.shareMet * 100)}</td>
              <td>
                {rule.targetMinutes} min
                {target.proposedMinutes !== null && target.proposedMinutes !== rule.targetMinutes && (
                  <>
                    {' · '}
                    {onSetTarget === undefined ? (
                      <span data-proposed>history supports {target.proposedMinutes} min</span>
                    ) : (
                      <button
                        type="button"
                        data-proposed
                        onClick={() => onSetTarget(rule, target.proposedMinutes as number)}
                      >
                        Set to {target.proposedMinutes} min (4 in 5 met it)
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
