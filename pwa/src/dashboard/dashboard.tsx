import type { MeasureDimension, ResponseMeasureRow } from '@pactline/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useAgreement } from '../agreements/use-agreement';
import { useHandoffLog } from '../handoffs/use-handoff-log';
import { memberName, useDirectory } from '../sync/use-directory';
import { ActivityCard } from './activity-card';
import { AgingCard } from './aging-card';
import { ConversionCard } from './conversion-card';
import { buildDashboard, type DashboardOptions, dashboardMonths } from './dashboard-model';
import { dimensionLabels } from './dimension-labels';
import { FunnelPlanner } from './funnel-planner';
import { KpiStrip } from './kpi-strip';
import { MeasuresTableCard } from './measures-table-card';
import { RootCauseCard } from './root-cause-card';
import { TrendCards } from './trend-cards';
import { VolumeCard } from './volume-card';

const trendPeriods = { day: 14, week: 12, month: 6 } as const;

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
    rule.kind === 'volume' || rule.kind === 'conversion' || rule.kind === 'activity' ? [rule.period] : [],
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
        model: buildDashboard(
          agreement.terms,
          handoffs,
          {
            period,
            groupBy,
            // A handoff that arrived since the last recompute must count as started: measure as of now.
            nowMs: Date.now(),
            trendPeriods: trendPeriods[period],
          },
          { activities: log.activities, members: directory.members },
        ),
      };
    } catch (error) {
      // A calendar the engine cannot walk must not take the whole screen down.
      return { error: String(error) };
    }
  }, [agreement, handoffs, log.activities, directory.members, period, groupBy, tick]);
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
      <KpiStrip model={model} period={period} />
      {model.unmeasuredCount > 0 && (
        <p class="warning" role="status">
          {model.unmeasuredCount} clock{model.unmeasuredCount === 1 ? '' : 's'} left out: their rule or
          calendar is no longer in the agreement.
        </p>
      )}
      <div class="grid">
        <TrendCards model={model} />
        <VolumeCard model={model} />
        <ActivityCard model={model} partyName={partyName} />
        <ConversionCard model={model} partyName={partyName} />
        <AgingCard model={model} />
        <RootCauseCard model={model} partyName={partyName} />
      </div>
      <MeasuresTableCard model={model} period={period} groupBy={groupBy} labelOf={labelOf} />
      <FunnelPlanner
        qualificationRatePercent={qualification?.kind === 'conversion' ? qualification.targetPercent : 60}
      />
    </>
  );
}
