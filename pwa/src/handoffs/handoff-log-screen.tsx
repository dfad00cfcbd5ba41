import { type CsvColumn, toCsv } from '@pactline/shared';
import { recentMonths } from '@pactline/shared/doc';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useDirectory } from '../sync/use-directory';
import { VirtualTable } from '../ui/virtual-table';
import { downloadCsv } from './csv';
import { formatDurationMs, formatShortDateTime } from './format';
import { handoffNames } from './handoff-names';

import type { HandoffFilter, Sort, SortField } from './handoff-query';
import { type HandoffRow, type HandoffState, handoffStates, liveState } from './handoff-row';
import { useHandoffRows } from './use-handoff-rows';

// The detail computes live clocks with the calendar engine: loaded when a handoff is opened.
const HandoffDetail = lazy(() =>
  import('./handoff-detail').then((module) => ({ default: module.HandoffDetail })),
);

// Verifying the chains and exporting the entries: loaded when the screen has shown the log.
const LogIntegrity = lazy(() =>
  import('./log-integrity').then((module) => ({ default: module.LogIntegrity })),
);

const rowHeight = 56;
/** How far back the log reaches, in months of log documents (one per month); 3 unless asked. */
const monthChoices = [3, 6, 12, 24];
const sortLabels: Record<SortField, string> = {
  startedAtMs: 'Handed off',
  leadName: 'Lead',
  state: 'State',
  responseMs: 'Response',
};

export const logColumns: CsvColumn<HandoffRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'started_at', value: (row) => new Date(row.startedAtMs).toISOString() },
  // `page`: seen on the CRM page, started_at being when a device first saw it.
  { header: 'started_by', value: (row) => row.startedBy ?? '' },
  { header: 'lead', value: (row) => row.leadName },
  { header: 'lead_url', value: (row) => row.leadUrl },
  { header: 'rules', value: (row) => row.ruleIds.join(' ') },
  { header: 'from_party', value: (row) => row.fromPartyId },
  { header: 'from_user', value: (row) => row.fromUserId },
  { header: 'to_party', value: (row) => row.toPartyId },
  { header: 'to_user', value: (row) => row.toUserId },
  { header: 'priority', value: (row) => row.priority },
  { header: 'state', value: (row) => liveState(row, Date.now()) },
  {
    header: 'response_business_minutes',
    value: (row) => (row.responseMs < 0 ? '' : (row.responseMs / 60_000).toFixed(1)),
  },
  { header: 'events', value: (row) => row.eventCount },
];

function periodBounds(period: string, nowMs: number): { fromMs?: number; toMs?: number } {
  // Not shared's dayMs: this screen loads first, and that import would split the calendar's
  // local-date module out of the lazy clock chunk into the first load.
  const day = 86_400_000;
  switch (period) {
    case 'today': {
      const start = new Date(nowMs);
      start.setHours(0, 0, 0, 0);
      return { fromMs: start.getTime() };
    }
    case '7d':
      return { fromMs: nowMs - 7 * day };
    case '30d':
      return { fromMs: nowMs - 30 * day };
    default:
      return {};
  }
}

export function HandoffLogScreen({ handoffId }: { handoffId?: string } = {}) {
  const [nowMs, setNowMs] = useState(() => Date.now());
  // Open handoffs turn overdue as time passes: judge states again every minute.
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const [monthCount, setMonthCount] = useState(3);
  const { index, isLoaded, terms } = useHandoffRows(nowMs, monthCount);
  const { directory } = useDirectory();
  const names = useMemo(() => handoffNames(directory.members, terms.values()), [directory.members, terms]);
  const [filter, setFilter] = useState<HandoffFilter>({});
  const [period, setPeriod] = useState('all');
  const [sort, setSort] = useState<Sort>({ field: 'startedAtMs', isDescending: true });
  const [selected, setSelected] = useState<HandoffRow | null>(null);
  const [height, setHeight] = useState(() => Math.max(320, window.innerHeight - 300));
  useEffect(() => {
    const onResize = () => setHeight(Math.max(320, window.innerHeight - 300));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const facets = useMemo(() => index.facets(), [index]);
  const effectiveFilter = useMemo(
    () => ({ ...filter, ...periodBounds(period, nowMs), atMs: nowMs }),
    [filter, period, nowMs],
  );
  const rows = useMemo(() => index.query(effectiveFilter, sort), [index, effectiveFilter, sort]);
  // A link to one handoff (from an escalation message) opens it once its row is read.
  const [linkedOpened, setLinkedOpened] = useState<string | null>(null);
  useEffect(() => {
    if (handoffId === undefined || linkedOpened === handoffId) return;
    const row = index.query({}, sort).find((candidate) => candidate.id === handoffId);
    if (row === undefined) return;
    setLinkedOpened(handoffId);
    setSelected(row);
  }, [handoffId, linkedOpened, index, sort]);

  const setField = <K extends keyof HandoffFilter>(key: K, value: HandoffFilter[K] | '') =>
    setFilter((current) => {
      const next = { ...current };
      if (value === '' || value === undefined) delete next[key];
      else next[key] = value as HandoffFilter[K];
      return next;
    });

  const toggleSort = (field: SortField) =>
    setSort((current) =>
      current.field === field
        ? { field, isDescending: !current.isDescending }
        : { field, isDescending: field !== 'leadName' },
    );

  return (
    <section class="screen log" aria-labelledby="log-title">
      <div class="screen-head">
        <h1 id="log-title">Handoff log</h1>
        <button
          type="button"
          class="ghost"
          disabled={rows.length === 0}
          onClick={() => downloadCsv('handoffs.csv', toCsv(logColumns, rows))}
        >
          Export CSV
        </button>
      </div>
      <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Rule"
          value={filter.ruleId ?? ''}
          options={facets.ruleIds}
          labelOf={names.rule}
          onChange={(value) => setField('ruleId', value)}
        />
        <Select
          label="Party"
          value={filter.partyId ?? ''}
          options={facets.partyIds}
          labelOf={names.party}
          onChange={(value) => setField('partyId', value)}
        />
        <Select
          label="Rep"
          value={filter.repId ?? ''}
          options={facets.repIds}
          labelOf={names.person}
          onChange={(value) => setField('repId', value)}
        />
        <Select
          label="State"
          value={filter.state ?? ''}
          options={handoffStates}
          onChange={(value) => setField('state', value as HandoffState | '')}
        />
        <label>
          Months
          <select
            name="months"
            value={String(monthCount)}
            onChange={(event) => setMonthCount(Number(event.currentTarget.value))}
          >
            {monthChoices.map((count) => (
              <option key={count} value={String(count)}>
                Last {count}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period
          <select name="period" value={period} onChange={(event) => setPeriod(event.currentTarget.value)}>
            <option value="all">All</option>
            <option value="today">Today</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
          </select>
        </label>
        <label>
          Lead
          <input
            type="search"
            name="text"
            value={filter.text ?? ''}
            onInput={(event) => setField('text', event.currentTarget.value)}
          />
        </label>
      </form>
      <p class="muted" role="status" aria-live="polite">
        {isLoaded
          ? `${rows.length.toLocaleString()} of ${index.rows.length.toLocaleString()} handoffs`
          : 'Reading the local log…'}
      </p>
      <VirtualTable
        items={rows}
        rowHeight={rowHeight}
        height={height}
        label="Handoffs"
        columnCount={4}
        rowKey={(row) => row.id}
        head={
          <tr aria-rowindex={1}>
            {(Object.keys(sortLabels) as SortField[]).map((field) => (
              <th
                scope="col"
                key={field}
                class={`col-${field}`}
                aria-sort={sort.field === field ? (sort.isDescending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" class="sort" onClick={() => toggleSort(field)}>
                  {sortLabels[field]}
                  {sort.field === field ? (sort.isDescending ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        }
        renderRow={(row) => (
          <>
            <td class="col-startedAtMs">{formatShortDateTime(row.startedAtMs)}</td>
            <td class="col-leadName">
              <button type="button" class="row-open" onClick={() => setSelected(row)}>
                <span class="lead-name">{row.leadName}</span>
                <span class="visually-hidden">, </span>
                <small class="muted">
                  {row.fromPartyName ?? row.fromPartyId} → {row.toPartyName ?? row.toPartyId}
                  {row.toUserId ? ` · ${names.person(row.toUserId)}` : ''}
                </small>
              </button>
            </td>
            <td class="col-state">
              <span class={`pill state-${liveState(row, nowMs)}`}>{liveState(row, nowMs)}</span>
              {row.responseMs >= 0 && (
                <small class="muted state-response">{formatDurationMs(row.responseMs)}</small>
              )}
            </td>
            <td class="col-responseMs">{formatDurationMs(row.responseMs)}</td>
          </>
        )}
      />
      {isLoaded && (
        <Suspense fallback={null}>
          <LogIntegrity months={recentMonths(nowMs, monthCount)} />
        </Suspense>
      )}
      {selected && (
        <Suspense fallback={<p class="muted">Opening the handoff…</p>}>
          <HandoffDetail row={selected} onClose={() => setSelected(null)} />
        </Suspense>
      )}
    </section>
  );
}

function Select(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  labelOf?: (value: string) => string;
}) {
  return (
    <label>
      {props.label}
      <select
        name={props.label.toLowerCase()}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">All</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.labelOf ? props.labelOf(option) : option}
          </option>
        ))}
      </select>
    </label>
  );
}
