import { type HandoffWithEvents, handoffLogCsv, type Sha256Hex } from '@pactline/shared';
import {
  chainedEntriesOf,
  type HandoffLogVerdict,
  readHandoffLog,
  verifyHandoffLog,
} from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { useWorkspace } from '../sync/workspace';
import { downloadCsv } from './csv';
import { formatDateTime } from './format';

/** SHA-256 of a text as lowercase hex, with the browser's Web Crypto. */
export const webSha256Hex: Sha256Hex = async (text) => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
};

type MonthVerdict = { month: string; verdict: HandoffLogVerdict };

/**
 * The log's integrity, month by month, as this device holds it: each month's hash chains checked
 * with Web Crypto ("verified", or exactly which entry is changed or missing), and the months'
 * entries exported with their links so the CSV can be verified offline (`verify-log --csv`).
 */
export function LogIntegrity({ months }: { months: readonly string[] }) {
  const workspace = useWorkspace();
  const [verdicts, setVerdicts] = useState<MonthVerdict[] | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  /** Runs `body` on every month's document, loaded from this device, then lets them go. */
  async function withMonths<T>(body: (docs: { month: string; doc: Y.Doc }[]) => Promise<T>): Promise<T> {
    const rooms = months.map((month) => ({ month, room: workspace.handoffsRoom(month) }));
    const opened = rooms.map(({ month, room }) => ({ month, room, connection: workspace.acquire(room) }));
    try {
      await Promise.all(opened.map(({ connection }) => connection.whenLoaded));
      return await body(opened.map(({ month, connection }) => ({ month, doc: connection.doc })));
    } finally {
      for (const { room } of opened) workspace.release(room);
    }
  }

  const verify = () => {
    setIsBusy(true);
    void withMonths(async (docs) => {
      const found: MonthVerdict[] = [];
      for (const { month, doc } of docs)
        found.push({ month, verdict: await verifyHandoffLog(doc, webSha256Hex) });
      setVerdicts(found);
    }).finally(() => setIsBusy(false));
  };

  const exportEntries = () => {
    void withMonths(async (docs) => {
      const handoffs: HandoffWithEvents[] = [];
      const chain = new Map<string, ReturnType<typeof chainedEntriesOf>[number]>();
      for (const { doc } of docs) {
        handoffs.push(...readHandoffLog(doc).handoffs);
        for (const map of ['handoffs', 'events'] as const)
          for (const entry of chainedEntriesOf(doc, map)) chain.set(entry.key, entry);
      }
      downloadCsv('handoff-log-entries.csv', handoffLogCsv(handoffs, chain));
    });
  };

  return (
    <section class="log-integrity" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Integrity</h2>
      <p class="muted">
        The relay links every entry into a hash chain per month. Check this device’s copy, or export the
        entries with their links for anyone to check offline.
      </p>
      <div class="row">
        <button type="button" class="ghost" disabled={isBusy} onClick={verify}>
          {isBusy ? 'Checking…' : 'Verify the log'}
        </button>
        <button type="button" class="ghost" onClick={exportEntries}>
          Export entries (CSV)
        </button>
      </div>
      {verdicts && (
        <ul class="integrity" aria-live="polite">
          {verdicts.map(({ month, verdict }) => (
            <li key={month} data-month={month} data-verified={verdict.isVerified}>
              <MonthLine month={month} verdict={verdict} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MonthLine({ month, verdict }: MonthVerdict) {
  const { linked, unlinked, chainedSinceMs: sinceMs, breaks } = verdict;
  return (
    <>
      <strong>{month}</strong>:{' '}
      {verdict.isVerified ? 'log verified' : `${breaks.length} break${breaks.length === 1 ? '' : 's'}`} ·{' '}
      {linked.toLocaleString()} entries linked
      {sinceMs === null
        ? linked + unlinked === 0
          ? ''
          : ' · not chained yet (the relay links them on its next write to this month)'
        : ` · not chained before ${formatDateTime(sinceMs)}`}
      {unlinked > 0 && sinceMs !== null ? ` (${unlinked.toLocaleString()} from before)` : ''}
      {breaks.length > 0 && (
        <ul>
          {breaks.map((found) => (
            <li key={found.message} data-break={found.kind}>
              {found.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
