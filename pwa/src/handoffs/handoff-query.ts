import type { HandoffRow, HandoffState } from './handoff-row';

/**
 * Filtering and sorting the log. Rows are held in per-field sorted orders built once per load, so
 * a filter is one pass over the chosen order and a change of sort needs no re-sort.
 */
export type HandoffFilter = {
  ruleId?: string;
  partyId?: string;
  repId?: string;
  state?: HandoffState;
  fromMs?: number;
  toMs?: number;
  text?: string;
};
export const sortFields = ['startedAtMs', 'responseMs', 'leadName', 'state'] as const;
export type SortField = (typeof sortFields)[number];
export type Sort = { field: SortField; isDescending: boolean };

function compareBy(field: SortField): (a: HandoffRow, b: HandoffRow) => number {
  switch (field) {
    case 'startedAtMs':
      return (a, b) => a.startedAtMs - b.startedAtMs || a.id.localeCompare(b.id);
    case 'responseMs':
      return (a, b) => a.responseMs - b.responseMs || a.startedAtMs - b.startedAtMs;
    case 'leadName':
      return (a, b) => a.leadName.localeCompare(b.leadName) || a.startedAtMs - b.startedAtMs;
    case 'state':
      return (a, b) => a.state.localeCompare(b.state) || a.startedAtMs - b.startedAtMs;
  }
}

export function matches(row: HandoffRow, filter: HandoffFilter): boolean {
  if (filter.state !== undefined && row.state !== filter.state) return false;
  if (filter.ruleId !== undefined && !row.ruleIds.includes(filter.ruleId)) return false;
  if (filter.partyId !== undefined && row.fromPartyId !== filter.partyId && row.toPartyId !== filter.partyId)
    return false;
  if (filter.repId !== undefined && row.fromUserId !== filter.repId && !row.repIds.includes(filter.repId))
    return false;
  if (filter.fromMs !== undefined && row.startedAtMs < filter.fromMs) return false;
  if (filter.toMs !== undefined && row.startedAtMs >= filter.toMs) return false;
  if (filter.text && !row.leadName.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}

export class HandoffRowIndex {
  private readonly orders = new Map<SortField, HandoffRow[]>();

  constructor(readonly rows: readonly HandoffRow[]) {}

  private order(field: SortField): HandoffRow[] {
    let sorted = this.orders.get(field);
    if (!sorted) {
      sorted = [...this.rows].sort(compareBy(field));
      this.orders.set(field, sorted);
    }
    return sorted;
  }

  query(filter: HandoffFilter, sort: Sort): HandoffRow[] {
    const sorted = this.order(sort.field);
    const out: HandoffRow[] = [];
    if (sort.isDescending) {
      for (let index = sorted.length - 1; index >= 0; index--) {
        const row = sorted[index] as HandoffRow;
        if (matches(row, filter)) out.push(row);
      }
    } else {
      for (const row of sorted) if (matches(row, filter)) out.push(row);
    }
    return out;
  }

  /** The distinct values present, for the filter menus. */
  facets(): { ruleIds: string[]; partyIds: string[]; repIds: string[] } {
    const ruleIds = new Set<string>();
    const partyIds = new Set<string>();
    const repIds = new Set<string>();
    for (const row of this.rows) {
      for (const id of row.ruleIds) ruleIds.add(id);
      partyIds.add(row.fromPartyId);
      partyIds.add(row.toPartyId);
      repIds.add(row.fromUserId);
      for (const id of row.repIds) repIds.add(id);
    }
    const sorted = (set: Set<string>) => [...set].filter(Boolean).sort();
    return { ruleIds: sorted(ruleIds), partyIds: sorted(partyIds), repIds: sorted(repIds) };
  }
}
