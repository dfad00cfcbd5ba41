import { receiptKey } from '../doc/handoff-log-layout.js';
import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';
import { compareEvents } from '../handoff/handoff.js';
import { type ChainLink, canonicalJson } from '../handoff/log-chain.js';
import { recordedLateByMs } from '../handoff/recorded-late.js';
import type { CsvColumn } from './to-csv.js';
import { toCsv } from './to-csv.js';

/**
 * The handoff log as CSV: one line per handoff (event `handoff`) followed by one per event, in
 * time order, with times in ISO 8601 UTC so any spreadsheet can read them. `received_at` is when
 * the relay first received the line's entry (blank when not known), and `recorded_late_minutes`
 * how long after the time it claims, when that is past `lateAfterMs` (blank otherwise). The last
 * columns make the file verifiable offline (`verify-log --csv`): the entry's link in its month's
 * hash chain (`chain_seq`, `chain_prev`, `chain_hash`, `chained_at`; blank when not linked) and
 * the entry itself as stored, in canonical JSON (`entry`), which every other column is read from.
 */

/** What the log holds beside each entry, by key (`handoffs/h1`, `events/e1`): as stored, and its link. */
export type LogCsvChain = ReadonlyMap<string, { readonly entry: unknown; readonly link?: ChainLink }>;

interface LogLine {
  readonly handoff: HandoffWithEvents;
  readonly event: HandoffEvent | null;
  /** The entry as stored (canonical JSON) and its link. */
  readonly entry: string;
  readonly link: ChainLink | undefined;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function eventDetail(event: HandoffEvent): string {
  switch (event.type) {
    case 'rejected':
    case 'paused':
      return event.reason;
    case 'first_touch':
      return event.channel ?? '';
    case 'reassigned':
      return [event.toPartyId, event.toUserId].filter((part) => part !== undefined).join(' / ');
    case 'escalated':
      return `${event.ruleId} at ${event.atPercent} %`;
    case 'judged':
      return `${event.ruleId} ${event.outcome} (rule v${event.ruleVersion}, calendar v${event.calendarVersion})`;
    default:
      return '';
  }
}

const logColumns: CsvColumn<LogLine>[] = [
  { header: 'handoff_id', value: (line) => line.handoff.id },
  { header: 'at', value: (line) => iso(line.event?.atMs ?? line.handoff.startedAtMs) },
  { header: 'event', value: (line) => line.event?.type ?? 'handoff' },
  { header: 'by', value: (line) => line.event?.byUserId ?? line.handoff.fromUserId },
  { header: 'detail', value: (line) => (line.event === null ? '' : eventDetail(line.event)) },
  { header: 'lead', value: (line) => line.handoff.lead.displayName },
  { header: 'crm', value: (line) => line.handoff.lead.crm },
  { header: 'record_id', value: (line) => line.handoff.lead.recordId },
  { header: 'url', value: (line) => line.handoff.lead.url },
  { header: 'from_party', value: (line) => line.handoff.fromPartyId },
  { header: 'to_party', value: (line) => line.handoff.toPartyId },
  { header: 'to_user', value: (line) => line.handoff.toUserId },
  { header: 'priority', value: (line) => line.handoff.priority },
  { header: 'rules', value: (line) => line.handoff.rules.map((rule) => rule.ruleId).join(' ') },
  {
    header: 'received_at',
    value: (line) => {
      const receivedAtMs = (line.event ?? line.handoff).receivedAtMs;
      return receivedAtMs === undefined ? '' : iso(receivedAtMs);
    },
  },
  {
    header: 'recorded_late_minutes',
    value: (line) => {
      const lateByMs =
        line.event === null
          ? recordedLateByMs(line.handoff.startedAtMs, line.handoff.receivedAtMs, line.handoff.imported)
          : recordedLateByMs(line.event.atMs, line.event.receivedAtMs, line.event.imported);
      return lateByMs === null ? '' : String(Math.round(lateByMs / 60_000));
    },
  },
  { header: 'chain_seq', value: (line) => line.link?.seq },
  { header: 'chain_prev', value: (line) => line.link?.prev },
  { header: 'chain_hash', value: (line) => line.link?.hash },
  { header: 'chained_at', value: (line) => (line.link === undefined ? '' : iso(line.link.atMs)) },
  { header: 'entry', value: (line) => line.entry },
];

/** An entry as the log stores it: without what the read model adds (its events, its receipt). */
function storedForm(entry: HandoffWithEvents | HandoffEvent): unknown {
  const { receivedAtMs: _receipt, ...rest } = entry as HandoffEvent & { events?: unknown };
  if ('events' in rest) {
    const { events: _events, ...handoff } = rest as { events?: unknown };
    return handoff;
  }
  return rest;
}

export function handoffLogCsv(
  handoffs: readonly HandoffWithEvents[],
  chain: LogCsvChain = new Map(),
): string {
  const lines: LogLine[] = [];
  const lineOf = (handoff: HandoffWithEvents, event: HandoffEvent | null): LogLine => {
    const key = event === null ? receiptKey('handoffs', handoff.id) : receiptKey('events', event.id);
    const stored = chain.get(key);
    return {
      handoff,
      event,
      entry: canonicalJson(stored === undefined ? storedForm(event ?? handoff) : stored.entry),
      link: stored?.link,
    };
  };
  const ordered = [...handoffs].sort((a, b) => a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : 1));
  for (const handoff of ordered) {
    lines.push(lineOf(handoff, null));
    for (const event of [...handoff.events].sort(compareEvents)) lines.push(lineOf(handoff, event));
  }
  return toCsv(logColumns, lines);
}
