import { formatDurationMs } from '../handoffs/format';
import { percent } from './dashboard-format';
import type { DashboardModel, DashboardOptions } from './dashboard-model';

export function KpiStrip({ model, period }: { model: DashboardModel; period: DashboardOptions['period'] }) {
  return (
    <ul class="kpis" aria-label={`This ${period}`}>
      <Kpi
        label="Met"
        value={percent(model.overall?.percentMet ?? null)}
        name="percent-met"
        detail={decidedDetail(model.overall)}
      />
      <Kpi
        label="Handoffs"
        value={String(model.overall?.handoffCount ?? 0)}
        name="handoffs"
        detail={pageSeenDetail(model.pageSeen)}
      />
      <Kpi label="Breaches" value={String(model.overall?.breachedCount ?? 0)} name="breaches" />
      <Kpi
        label="Median response"
        value={formatDurationMs(model.overall?.medianResponseMs ?? -1)}
        name="median"
      />
      <Kpi label="p90 response" value={formatDurationMs(model.overall?.p90ResponseMs ?? -1)} name="p90" />
    </ul>
  );
}

/** "3 seen on CRM pages: 2 at the CRM's time, 1 from first seen". */
function pageSeenDetail({ crmTimedCount, firstSeenCount }: DashboardModel['pageSeen']): string | undefined {
  const total = crmTimedCount + firstSeenCount;
  if (total === 0) return undefined;
  return `${total} seen on CRM pages: ${crmTimedCount} at the CRM's time, ${firstSeenCount} from first seen`;
}

function decidedDetail(overall: DashboardModel['overall']): string | undefined {
  if (overall === null) return undefined;
  const decided = overall.metCount + overall.breachedCount;
  return decided === 0 ? undefined : `${overall.metCount} of ${decided} decided`;
}

function Kpi({
  label,
  value,
  name,
  detail,
}: {
  label: string;
  value: string;
  name: string;
  detail?: string;
}) {
  return (
    <li class="kpi" data-kpi={name}>
      <span class="muted">{label}</span>
      <strong>{value}</strong>
      {detail === undefined ? null : <small class="muted kpi-detail">{detail}</small>}
    </li>
  );
}
