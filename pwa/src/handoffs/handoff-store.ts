import Dexie, { type Table } from 'dexie';
import type { HandoffRow } from './handoff-row';

/**
 * The local index of the handoff log (Dexie over IndexedDB): rows projected from each month's log
 * document, and per month a digest of the document state they were projected from, so a month
 * whose document has not changed is not projected again.
 */
type MonthRecord = { month: string; digest: string; rowCount: number };

export class HandoffStore {
  private readonly db: Dexie;
  private readonly rows: Table<HandoffRow, string>;
  private readonly months: Table<MonthRecord, string>;

  constructor(workspaceId: string) {
    this.db = new Dexie(`pactline-handoff-index-${workspaceId}`);
    this.db.version(1).stores({
      rows: '&id, month, startedAtMs, state, toPartyId, fromPartyId, *repIds, *ruleIds',
      months: '&month',
    });
    this.rows = this.db.table('rows');
    this.months = this.db.table('months');
  }

  async digestOf(month: string): Promise<string | null> {
    return (await this.months.get(month))?.digest ?? null;
  }

  /** Replaces a month's rows with a fresh projection in one transaction. */
  async putMonth(month: string, digest: string, rows: readonly HandoffRow[]): Promise<void> {
    await this.db.transaction('rw', this.rows, this.months, async () => {
      await this.rows.where('month').equals(month).delete();
      await this.rows.bulkPut([...rows]);
      await this.months.put({ month, digest, rowCount: rows.length });
    });
  }

  /** The rows of these months (`yyyy-mm`) only: months indexed earlier and not asked for stay out. */
  async rowsOf(months: readonly string[]): Promise<HandoffRow[]> {
    return this.rows
      .where('month')
      .anyOf([...months])
      .toArray();
  }

  async monthsIndexed(): Promise<string[]> {
    return (await this.months.toCollection().primaryKeys()).sort();
  }

  close(): void {
    this.db.close();
  }
}
