import { planFunnel } from '@pactline/shared';
import { useState } from 'preact/hooks';
import { numberFromInput } from '../ui/validation';

/** From a revenue target back to the leads each party must deliver, recomputed as you type. */
export function FunnelPlanner({ qualificationRatePercent }: { qualificationRatePercent: number }) {
  const [revenueTarget, setRevenueTarget] = useState(5000);
  const [dealSize, setDealSize] = useState(100);
  const [winRate, setWinRate] = useState(50);
  const [qualificationRate, setQualificationRate] = useState(qualificationRatePercent);
  const result = planFunnel({
    revenueTarget,
    dealSize,
    winRatePercent: winRate,
    qualificationRatePercent: qualificationRate,
  });
  const field = (
    label: string,
    name: string,
    value: number,
    set: (value: number) => void,
    suffix?: string,
  ) => (
    <label>
      {label}
      <span class="inline">
        <input
          type="number"
          inputMode="decimal"
          name={name}
          min={0}
          value={Number.isNaN(value) ? '' : value}
          onInput={(event) => set(numberFromInput(event.currentTarget.value))}
        />
        {suffix}
      </span>
    </label>
  );
  return (
    <section class="card" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Funnel planner</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        {field('Revenue target', 'revenueTarget', revenueTarget, setRevenueTarget, '$')}
        {field('Deal size', 'dealSize', dealSize, setDealSize, '$')}
        {field('Win rate', 'winRate', winRate, setWinRate, '%')}
        {field('Qualification rate', 'qualificationRate', qualificationRate, setQualificationRate, '%')}
      </form>
      {result.ok ? (
        <output class="funnel" aria-live="polite" data-testid="funnel-result">
          <span>
            <strong data-value="closes">{result.plan.closesNeeded}</strong> closes
          </span>
          <span>
            ← <strong data-value="sqls">{result.plan.sqlsNeeded}</strong> qualified leads (SQL) from SDRs
          </span>
          {result.plan.mqlsNeeded !== null && (
            <span>
              ← <strong data-value="mqls">{result.plan.mqlsNeeded}</strong> MQLs from marketing
            </span>
          )}
        </output>
      ) : (
        <p class="error" role="alert">
          {result.message}
        </p>
      )}
    </section>
  );
}
