import type { HandoffEvent, HandoffWithEvents } from '../handoff/handoff.js';
import { compareEvents } from '../handoff/handoff.js';
import { recordedLateByMs } from '../handoff/recorded-late.js';
import type { CsvColumn } from './to-csv.js';
import { toCsv } from './to-csv.js';

/**
 * The handoff log as CSV: one line per handoff (event `handoff`) followed by one per event, in
 * time order, with times in ISO 8601 UTC so any spreadsheet can read them. `received_at` is when
 * the relay first received the line's entry (blank when not known), and `recorded_late_minutes`
 * how long after the time it claims, when that is past `lateAfterMs` (blank otherwise).
 */

interface LogLine {
  readonly handoff: HandoffWithEvents;
  readonly event: HandoffEvent | null;
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
          ? recordedLateByMs(line.handoff.startedAtMs, line.handoff.receivedAtMs)
          : recordedLateByMs(line.event.atMs, line.event.receivedAtMs);
      return lateByMs === null ? '' : String(Math.round(lateByMs / 60_000));
    },
  },
];

export function handoffLogCsv(handoffs: readonly HandoffWithEvents[]): string {
  const lines: LogLine[] = [];
  const ordered = [...handoffs].sort((a, b) => a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : 1));
  for (const handoff of ordered) {
    lines.push({ handoff, event: null });
    for (const event of [...handoff.events].sort(compareEvents)) lines.push({ handoff, event });
  }
  return toCsv(logColumns, lines);
}
