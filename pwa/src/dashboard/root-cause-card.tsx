import type { DashboardModel } from './dashboard-model';

/** Where along the funnel a volume shortfall comes from. */
export function RootCauseCard({
  model,
  partyName,
}: {
  model: DashboardModel;
  partyName: (id: string | null) => string;
}) {
  return (
    <section class="card" aria-labelledby="cause-title">
      <h2 id="cause-title">Root cause</h2>
      {model.rootCause === null && (
        <p class="muted">Add a volume goal to trace a shortfall along the funnel.</p>
      )}
      {model.rootCause?.isGoalMet && <p class="ok">The volume goal is on pace: nothing to trace.</p>}
      {model.rootCause && !model.rootCause.isGoalMet && (
        <>
          <p>
            Primary cause:{' '}
            <strong data-party={model.rootCause.primaryPartyId}>
              {partyName(model.rootCause.primaryPartyId) || 'not determined'}
            </strong>
          </p>
          <ul>
            {model.rootCause.findings.map((finding) => (
              <li
                key={`${finding.code}-${finding.partyId}-${finding.stage}`}
                class={finding.isAtFault ? 'bad' : ''}
              >
                {finding.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
