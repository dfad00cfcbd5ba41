import { useState } from 'preact/hooks';
import { useHandoffRows } from '../handoffs/use-handoff-rows';

export function Dashboard() {
  const [nowMs] = useState(() => Date.now());
  const { index, isLoaded } = useHandoffRows(nowMs);
  return (
    <section class="screen dashboard" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Compliance</h1>
      <p class="muted" role="status">
        {isLoaded ? `${index.rows.length} handoffs in the local log` : 'Reading the local log…'}
      </p>
    </section>
  );
}
