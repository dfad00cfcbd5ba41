import { type MeasureDimension, type ResponseMeasureRow, toCsv } from '@pactline/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useAgreement } from '../agreements/use-agreement';
import { downloadCsv } from '../handoffs/csv';
import { formatDurationMs } from '../handoffs/format';
import { useHandoffLog } from '../handoffs/use-handoff-log';
import { memberName, useDirectory } from '../sync/use-directory';
import { buildDashboard, type DashboardOptions, dashboardMonths } from './dashboard-model';
import { FunnelPlanner } from './funnel-planner';
import { TimeChart } from './time-chart';

const dimensionLabels: Record<MeasureDimension, string> = { rule: 'Rule', party: 'Party', rep: 'Rep' };
const trendPeriods = { day: 14, week: 12, month: 6 } as const;

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

function minutes(ms: number | null): string {
  return ms === null ? '' : (ms / 60_000).toFixed(1);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value)} %`;
}

export function Dashboard() {
  const { directory, isLoaded } = useDirectory();
  const list = directory.agreements;
  const [chosenId, setChosenId] = useState<string | null>(null);
  const agreementId = chosenId ?? list.find((item) => item.status === 'active')?.id ?? list[0]?.id ?? null;
  return (
    <section class="screen dashboard" aria-labelledby="dashboard-title">
      <div class="screen-head">
        <h1 id="dashboard-title">Compliance</h1>
        {list.length > 1 && (
          <label>
            Agreement{' '}
            <select
              name="agreement"
              value={agreementId ?? ''}
              onChange={(event) => setChosenId(event.currentTarget.value)}
            >
              {list.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {agreementId === null ? (
        <p class="empty">
          {isLoaded ? 'No agreement yet: the dashboard measures an agreement’s rules.' : 'Opening…'}
        </p>
      ) : (
        <AgreementDashboard key={agreementId} agreementId={agreementId} />
      )}
    </section>
  );
}

function AgreementDashboard({ agreementId }: { agreementId: string }) {
  const { read } = useAgreement(agreementId);
  const { directory } = useDirectory();
  // Open clocks age: recompute once a minute, and whenever the log or the agreement changes, at
  // the time of computing (an event just recorded must not be in the measures' future).
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((value) => value + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  const [startedAtMs] = useState(() => Date.now());
  const [period, setPeriod] = useState<DashboardOptions['period']>('week');
  const [groupBy, setGroupBy] = useState<MeasureDimension>('rule');
  // The logs of every month the chart reaches back to (1 or 2 for days, 4 or 5 for weeks, 8 for
  // months), and to the start of a quarterly goal's quarter.
  const goalPeriods = (read?.agreement?.terms.rules ?? []).flatMap((rule) =>
    rule.kind === 'volume' || rule.kind === 'conversion' ? [rule.period] : [],
  );
  const months = dashboardMonths({
    period,
    trendPeriods: trendPeriods[period],
    nowMs: startedAtMs,
    goalPeriods,
  });
  const log = useHandoffLog(months);
  const agreement = read?.agreement ?? null;
  const handoffs = useMemo(
    () => log.handoffs.filter((handoff) => handoff.agreementId === agreementId),
    [log.handoffs, agreementId],
  );
  const computed = useMemo(() => {
    if (!agreement) return null;
    try {
      return {
        model: buildDashboard(agreement.terms, handoffs, {
          period,
          groupBy,
          // A handoff that arrived since the last recompute must count as started: measure as of now.
          nowMs: Date.now(),
          trendPeriods: trendPeriods[period],
        }),
      };
    } catch (error) {
      // A calendar the engine cannot walk must not take the whole screen down.
      return { error: String(error) };
    }
  }, [agreement, handoffs, period, groupBy, tick]);
  // Recompute when the next open clock breaches, so a breach shows when it happens.
  const nextBreachAtMs = computed?.model?.nextBreachAtMs ?? null;
  useEffect(() => {
    if (nextBreachAtMs === null) return;
    const timer = setTimeout(
      () => setTick((value) => value + 1),
      Math.max(0, nextBreachAtMs - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [nextBreachAtMs]);
  if (!agreement || !computed) return <p class="muted">Opening the agreement…</p>;
  if ('error' in computed) {
    return (
      <p class="warning" role="alert">
        The measures cannot be computed from this agreement’s rules and calendars: {computed.error}
      </p>
    );
  }
  const { model } = computed;
  const partyName = (id: string | null) =>
    agreement.terms.parties.find((party) => party.id === id)?.name ?? id ?? '';
  const ruleName = (id: string | null) =>
    agreement.terms.rules.find((rule) => rule.id === id)?.name ?? id ?? '';
  const labelOf = (row: ResponseMeasureRow) =>
    groupBy === 'rule'
      ? ruleName(row.ruleId)
      : groupBy === 'party'
        ? partyName(row.partyId)
        : row.repId
          ? memberName(directory, row.repId)
          : 'unassigned';
  const qualification = agreement.terms.rules.find((rule) => rule.kind === 'conversion');
  const activityRules = agreement.terms.rules.filter((rule) => rule.kind === 'activity' && rule.isEnabled);

  return (
    <>
      <form class="filters" aria-label="Measures" onSubmit={(event) => event.preventDefault()}>
        <label>
          Period
          <select
            name="period"
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value as DashboardOptions['period'])}
          >
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label>
          Per
          <select
            name="groupBy"
            value={groupBy}
            onChange={(event) => setGroupBy(event.currentTarget.value as MeasureDimension)}
          >
            {(Object.keys(dimensionLabels) as MeasureDimension[]).map((dimension) => (
              <option key={dimension} value={dimension}>
                {dimensionLabels[dimension]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ul class="kpis" aria-label={`This ${period}`}>
        <Kpi label="Met" value={percent(model.overall?.percentMet ?? null)} name="percent-met" />
        <Kpi label="Handoffs" value={String(model.overall?.handoffCount ?? 0)} name="handoffs" />
        <Kpi label="Breaches" value={String(model.overall?.breachedCount ?? 0)} name="breaches" />
        <Kpi
          label="Median response"
          value={formatDurationMs(model.overall?.medianResponseMs ?? -1)}
          name="median"
        />
        <Kpi label="p90 response" value={formatDurationMs(model.overall?.p90ResponseMs ?? -1)} name="p90" />
      </ul>
      {model.unmeasuredCount > 0 && (
        <p class="warning" role="status">
          {model.unmeasuredCount} clock{model.unmeasuredCount === 1 ? '' : 's'} left out: their rule or
          calendar is no longer in the agreement.
        </p>
      )}
      <div class="grid">
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
        <section class="card" aria-labelledby="volume-title">
          <h2 id="volume-title">Volume and pacing</h2>
          {model.volumes.length === 0 && <p class="muted">No volume goal in this agreement.</p>}
          {model.volumes.map(({ rule, progress }) => (
            <div key={rule.id} class="volume" data-rule={rule.id}>
              <p>
                <strong>{rule.name}</strong>: {progress.deliveredCount} of {progress.targetCount}{' '}
                {rule.itemLabel} this {rule.period}
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
              Not measured: {activityRules.map((rule) => rule.name).join(', ')}. The log records handoffs and
              what happened to them, not calls or emails.
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="conversion-title">
          <h2 id="conversion-title">Conversion</h2>
          {model.conversions.length === 0 && <p class="muted">No conversion goal in this agreement.</p>}
          {model.conversions.map(({ rule, progress }) => (
            <div key={rule.id} class="conversion" data-rule={rule.id}>
              <p>
                <strong>{rule.name}</strong>: {percent(progress.ratePercent)} of {rule.fromStage} leads
                received by {partyName(rule.partyId)} this {rule.period} became {rule.toStage}
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
      </div>
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
        <div class="table-scroll">
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
        </div>
      </section>
      <FunnelPlanner
        qualificationRatePercent={qualification?.kind === 'conversion' ? qualification.targetPercent : 60}
      />
    </>
  );
}

function businessHours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
}

function toMinutes(ms: number | null): number | null {
  return ms === null ? null : ms / 60_000;
}

function Kpi({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <li class="kpi" data-kpi={name}>
      <span class="muted">{label}</span>
      <strong>{value}</strong>
    </li>
  );
}
