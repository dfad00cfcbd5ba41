import { comparableName } from '../agreement/party.js';
import type { ActivityKind } from '../handoff/activity.js';
import type { LeadRef } from '../handoff/handoff.js';
import {
  CrmTimeError,
  type CrmTimeParts,
  crmTimeToEpochMs,
  type DateOrder,
  DateOrderEvidence,
  readCrmTime,
} from './crm-time.js';
import {
  type ColumnRole,
  columnIndexes,
  detectPreset,
  type ImportPreset,
  missingColumns,
  stageEnteredBy,
} from './import-presets.js';

/**
 * One export file read into facts: what the CRM says happened to which record and when. The reader
 * takes the rows a CSV parser gives it (one call per row, so a file of any size streams through
 * it); it keeps the facts and the reasons rows were skipped, never the rows. Times are settled when
 * the file ends, once every cell of a column has said whether its dates are day-month or
 * month-day (see `crm-time.ts`). A file that cannot be read as a whole (no known columns, cut off,
 * a column of contradicting dates) yields an error and no facts: nothing of it is imported.
 */

export interface ImportSource {
  readonly file: string;
  /** The row as a spreadsheet numbers it: the header is row 1, however many lines a quoted cell spans. */
  readonly row: number;
}

export type FactLead = Omit<LeadRef, 'displayName'>;

interface FactBase {
  readonly lead: FactLead;
  readonly source: ImportSource;
}

export type ImportFact =
  | (FactBase & { readonly kind: 'record'; readonly displayName?: string; readonly owner?: string })
  | (FactBase & {
      readonly kind: 'owner';
      readonly atMs: number;
      readonly from?: string;
      readonly to: string;
      readonly by?: string;
    })
  | (FactBase & {
      readonly kind: 'stage';
      readonly atMs: number;
      readonly field: 'lifecycleStage' | 'leadStatus';
      readonly from?: string;
      readonly to: string;
      readonly by?: string;
    })
  | (FactBase & {
      readonly kind: 'activity';
      readonly atMs: number;
      readonly activity: ActivityKind;
      readonly by: string;
    });

export type TimedFact = Exclude<ImportFact, { kind: 'record' }>;

export interface SkippedRow {
  readonly row: number;
  readonly reason: string;
}

export interface FileReading {
  readonly file: string;
  /** The preset the file was read with, when one was chosen or recognized. */
  readonly preset?: string;
  /** Data rows read: neither the header, nor blank rows, nor a report's footer. */
  readonly rows: number;
  readonly footerRows: number;
  readonly skipped: readonly SkippedRow[];
  readonly facts: readonly ImportFact[];
  /** Why nothing of the file can be imported, when that is so. */
  readonly error?: string;
  /** Date columns in which no cell tells day-month from month-day: the person importing must say. */
  readonly dateOrderNeeded?: readonly string[];
  /** The header row as read (the first 200 columns), for a mapping step when no preset knows it. */
  readonly headers: readonly string[];
}

export interface ReaderOptions {
  readonly file: string;
  /** A preset, or undefined to recognize the file by its headers. */
  readonly preset?: ImportPreset;
  readonly timeZone: string;
  /** The order of day and month in year-last dates, when the person importing has said it. */
  readonly dateOrder?: DateOrder;
  /** Where a record opens (`{id}` for its id), instead of the preset's address. */
  readonly recordUrl?: string;
}

/** A time not yet settled: its column, its cell and its parts. */
interface PendingTime {
  readonly column: string;
  readonly text: string;
  readonly parts: CrmTimeParts;
}

type PendingTimed<Fact> = Fact extends TimedFact ? Omit<Fact, 'atMs'> & { readonly at: PendingTime } : never;
type PendingFact = Extract<ImportFact, { kind: 'record' }> | PendingTimed<TimedFact>;

const salesforceUserId = /^(?:005|00G)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const completedStatuses = new Set([
  'completed',
  'complete',
  'done',
  'closed',
  'abgeschlossen',
  'terminé',
  'terminée',
]);

export class ExportReader {
  private preset: ImportPreset | undefined;
  private headers: readonly string[] = [];
  private indexes: Partial<Record<ColumnRole, number>> = {};
  private stageColumns: { index: number; stage: string; header: string }[] = [];
  private readonly pending: PendingFact[] = [];
  private readonly skipped: SkippedRow[] = [];
  private readonly evidence = new Map<string, DateOrderEvidence>();
  private rows = 0;
  private footerRows = 0;
  private isAfterBlank = false;
  private isLastRowShort = false;
  private parsedRows = 0;
  private error: string | undefined;

  constructor(private readonly options: ReaderOptions) {
    this.preset = options.preset;
  }

  /** Records a CSV parser has given so far, the header included. */
  get rowsParsed(): number {
    return this.parsedRows;
  }

  /**
   * One record as a CSV parser gives it, with the codes of the parser's errors on it (papaparse's):
   * the first is the header, the others data rows numbered as a spreadsheet does. A record whose
   * quotes never close means the file was cut off.
   */
  parsed(cells: readonly string[], errorCodes: readonly string[] = []): void {
    this.parsedRows++;
    if (errorCodes.includes('MissingQuotes')) {
      this.fail(
        `the file ends inside a quoted value at row ${this.parsedRows}: it looks cut off; export it again`,
      );
    }
    if (this.parsedRows === 1) this.header(cells);
    else this.row(cells, this.parsedRows);
  }

  /** The text stopped being UTF-8 part way through (its start said it was). */
  failDecoding(): void {
    this.fail('the file is not UTF-8 throughout (it starts as UTF-8): export it again as UTF-8');
  }

  /** The header row. */
  header(cells: readonly string[]): void {
    if (this.error !== undefined) return;
    this.headers = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
    if (this.headers.every((header) => header === '')) {
      this.fail('the file is empty: no header row');
      return;
    }
    this.preset ??= detectPreset(this.headers);
    if (this.preset === undefined) {
      this.fail('no preset knows these columns: choose a preset or map the columns');
      return;
    }
    const missing = missingColumns(this.preset, this.headers);
    if (missing.length > 0) {
      this.fail(`the ${this.preset.label} needs the column ${missing.join(', ')}: add it to the export`);
      return;
    }
    this.indexes = columnIndexes(this.preset, this.headers);
    this.stageColumns = this.preset.hasStageEnteredColumns
      ? this.headers.flatMap((header, index) => {
          const stage = stageEnteredBy(header);
          return stage === undefined ? [] : [{ index, stage, header }];
        })
      : [];
  }

  /** A data row, with its spreadsheet row number. */
  row(cells: readonly string[], row: number): void {
    if (this.error !== undefined || this.preset === undefined) return;
    const filled = cells.filter((cell) => cell.trim() !== '').length;
    if (filled === 0) {
      this.isAfterBlank = true;
      return;
    }
    if (this.isAfterBlank && filled === 1 && this.headers.length > 1) {
      this.footerRows++;
      return;
    }
    this.rows++;
    this.isLastRowShort = cells.length < this.headers.length;
    if (cells.length < this.headers.length) {
      this.skip(row, `the row has ${cells.length} of ${this.headers.length} columns`);
      return;
    }
    if (cells.slice(this.headers.length).some((cell) => cell.trim() !== '')) {
      this.skip(row, `the row has ${cells.length} columns, the header ${this.headers.length}`);
      return;
    }
    try {
      this.readRow(cells, row, this.preset);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      this.skip(row, error.message);
    }
  }

  /** The whole file cannot be imported: a parser error, a file cut off. */
  fail(message: string): void {
    this.error ??= message;
  }

  /**
   * The file has ended. `endsWithLineBreak` false with a last row short of columns means the file
   * was cut off mid-row (an interrupted download, a disk that filled up): nothing of it is imported.
   */
  finish(end: { readonly endsWithLineBreak?: boolean } = {}): FileReading {
    if (this.headers.length === 0) this.fail('the file is empty');
    if (end.endsWithLineBreak === false && this.isLastRowShort) {
      this.fail('the file ends in the middle of a row: it looks cut off; export it again');
    }
    const base = {
      file: this.options.file,
      headers: this.headers.slice(0, 200),
      ...(this.preset === undefined ? {} : { preset: this.preset.id }),
      rows: this.rows,
      footerRows: this.footerRows,
    };
    if (this.error !== undefined) return { ...base, skipped: [], facts: [], error: this.error };
    const orders = new Map<string, DateOrder>();
    const needed: string[] = [];
    for (const [column, evidence] of this.evidence) {
      const shown = evidence.order();
      if (shown === 'mixed' && this.options.dateOrder === undefined) {
        return {
          ...base,
          skipped: [],
          facts: [],
          error: `the column "${column}" has both day-month and month-day dates: export it again in one locale`,
        };
      }
      if (this.options.dateOrder !== undefined) orders.set(column, this.options.dateOrder);
      else if (shown === 'ambiguous') needed.push(column);
      else if (shown !== 'mixed') orders.set(column, shown);
    }
    if (needed.length > 0) return { ...base, skipped: [], facts: [], dateOrderNeeded: needed };
    const skipped = [...this.skipped];
    const facts: ImportFact[] = [];
    for (const fact of this.pending) {
      if (fact.kind === 'record') {
        facts.push(fact);
        continue;
      }
      const { at, ...rest } = fact;
      try {
        const atMs = crmTimeToEpochMs(at.parts, orders.get(at.column) ?? 'ymd', this.options.timeZone);
        facts.push({ ...rest, atMs } as TimedFact);
      } catch (error) {
        if (!(error instanceof CrmTimeError)) throw error;
        skipped.push({ row: fact.source.row, reason: `${at.column} "${at.text}": ${error.message}` });
      }
    }
    return { ...base, skipped: dedupeSkips(skipped), facts };
  }

  private skip(row: number, reason: string): void {
    this.skipped.push({ row, reason });
  }

  private readRow(cells: readonly string[], row: number, preset: ImportPreset): void {
    const cell = (role: ColumnRole): string => {
      const index = this.indexes[role];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const recordId = cell('recordId');
    if (recordId === '') throw new RowError(`no ${this.headerOf('recordId')}`);
    const lead: FactLead = {
      crm: preset.crm,
      objectType: preset.objectType,
      recordId: preset.crm === 'salesforce' ? recordId.slice(0, 15) : recordId,
      url: (this.options.recordUrl ?? preset.recordUrl).replace('{id}', encodeURIComponent(recordId)),
    };
    const source = { file: this.options.file, row };
    const named = cell('name') || `${cell('firstName')} ${cell('lastName')}`.trim() || cell('company');
    const owner = cell('owner');
    const record: PendingFact = {
      kind: 'record',
      lead,
      source,
      ...(named === '' ? {} : { displayName: named }),
      ...(owner === '' ? {} : { owner }),
    };
    const timed = this.timedFacts(cell, cells, lead, source, preset);
    if (preset.kind !== 'records' && timed.length === 0) return;
    this.pending.push(record, ...timed);
  }

  private timedFacts(
    cell: (role: ColumnRole) => string,
    cells: readonly string[],
    lead: FactLead,
    source: ImportSource,
    preset: ImportPreset,
  ): PendingFact[] {
    const base = { lead, source };
    if (preset.kind === 'records') {
      const facts: PendingFact[] = [];
      const owner = cell('owner');
      const assignedAt = this.timeOf('ownerAssignedAt', cell('ownerAssignedAt'));
      if (assignedAt && owner !== '') facts.push({ ...base, kind: 'owner', to: owner, at: assignedAt });
      const stage = cell('lifecycleStage');
      const stageAt = this.timeOf('stageChangedAt', cell('stageChangedAt'));
      if (stageAt && stage !== '') {
        facts.push({ ...base, kind: 'stage', field: 'lifecycleStage', to: stage, at: stageAt });
      }
      for (const column of this.stageColumns) {
        const text = (cells[column.index] ?? '').trim();
        if (text === '') continue;
        const at = this.timeAt(column.header, text);
        facts.push({ ...base, kind: 'stage', field: 'lifecycleStage', to: column.stage, at });
      }
      return facts;
    }
    if (preset.kind === 'history') {
      const field = cell('field');
      const isOwner = (preset.ownerFields ?? []).some(
        (name) => comparableName(name) === comparableName(field),
      );
      const isStatus = (preset.statusFields ?? []).some(
        (name) => comparableName(name) === comparableName(field),
      );
      if (!isOwner && !isStatus)
        throw new RowError(`a change Pactline does not import (${field || 'no field'})`);
      const from = cell('oldValue');
      const to = cell('newValue');
      if (to === '') throw new RowError(`${field} changed to nothing`);
      const at = this.timeOf('editedAt', cell('editedAt'));
      if (!at) throw new RowError(`no ${this.headerOf('editedAt')}`);
      const by = cell('editedBy');
      const change = { ...base, at, to, ...(from === '' ? {} : { from }), ...(by === '' ? {} : { by }) };
      if (isOwner) {
        if (salesforceUserId.test(to) || salesforceUserId.test(from)) {
          throw new RowError('the user-id twin of an owner change Salesforce also writes with names');
        }
        return [{ ...change, kind: 'owner' }];
      }
      return [{ ...change, kind: 'stage', field: 'leadStatus' }];
    }
    const status = cell('activityStatus');
    if (status !== '' && !completedStatuses.has(status.toLowerCase())) {
      throw new RowError(`not completed (${this.headerOf('activityStatus')}: ${status})`);
    }
    const type = cell('activityType');
    const activity = activityKindOfType(type);
    if (activity === undefined) throw new RowError(`not a call, email or meeting (${type || 'no type'})`);
    const by = cell('assigned');
    if (by === '') throw new RowError(`no ${this.headerOf('assigned')}`);
    const at =
      this.timeOf('completedAt', cell('completedAt')) ?? this.timeOf('activityDate', cell('activityDate'));
    if (!at) throw new RowError(`no ${this.headerOf('completedAt')} or ${this.headerOf('activityDate')}`);
    return [{ ...base, kind: 'activity', activity, by, at }];
  }

  private headerOf(role: ColumnRole): string {
    const index = this.indexes[role];
    return index === undefined ? (this.preset?.columns[role]?.[0] ?? role) : (this.headers[index] ?? role);
  }

  private timeOf(role: ColumnRole, text: string): PendingTime | undefined {
    if (text === '' || this.indexes[role] === undefined) return undefined;
    return this.timeAt(this.headerOf(role), text);
  }

  private timeAt(column: string, text: string): PendingTime {
    const parts = readCrmTime(text);
    if (parts === null) throw new RowError(`${column} "${text}" is not a date`);
    let evidence = this.evidence.get(column);
    if (evidence === undefined) {
      evidence = new DateOrderEvidence();
      this.evidence.set(column, evidence);
    }
    evidence.add(parts);
    return { column, text, parts };
  }
}

class RowError extends Error {}

/** The kind of activity a CRM's activity type names: `Call`, `Email`, `Meeting`, `Outbound call`… */
export function activityKindOfType(type: string): ActivityKind | undefined {
  const words = type.toLowerCase();
  if (/\bcalls?\b|anruf|appel/.test(words)) return 'call';
  if (/e-?mails?\b|\bmail\b/.test(words)) return 'email';
  if (/\bmeetings?\b|\bevent\b|termin|réunion/.test(words)) return 'meeting';
  return undefined;
}

function dedupeSkips(skipped: readonly SkippedRow[]): SkippedRow[] {
  const seen = new Set<string>();
  return [...skipped]
    .sort((a, b) => a.row - b.row)
    .filter((each) => {
      const key = `${each.row}|${each.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
