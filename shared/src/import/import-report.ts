import { isoWeekOf } from './crm-time.js';
import type { FileReading, SkippedRow } from './export-reader.js';
import { type ImportPlan, type PlanContext, planImport } from './import-plan.js';

/**
 * The dry run of an import: what each file gave and what the log would gain, in the form the CLI
 * prints as JSON and the PWA previews. Files that cannot be imported (an error, or dates whose order
 * the person importing must give) contribute nothing; their rows are still counted.
 */
export interface DryRunReport {
  readonly files: readonly {
    readonly file: string;
    readonly preset?: string;
    readonly rows: number;
    readonly footerRows: number;
    readonly skipped: readonly SkippedRow[];
    readonly error?: string;
    readonly dateOrderNeeded?: readonly string[];
  }[];
  readonly handoffs: number;
  readonly ownerChanges: { readonly byParties: Readonly<Record<string, number>> };
  readonly firstTouches: { readonly count: number; readonly byLead: Readonly<Record<string, string>> };
  readonly activities: {
    readonly byRepWeek: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;
  };
  readonly events: Readonly<Record<string, number>>;
  readonly unknownOwners: readonly { readonly name: string; readonly rows: number }[];
  readonly duplicateRows: number;
}

/** Whether a file's facts go into the import. */
export function isReadable(reading: FileReading): boolean {
  return reading.error === undefined && reading.dateOrderNeeded === undefined;
}

/** The plan for all readable files together: a lead's history may span several exports. */
export function planFiles(readings: readonly FileReading[], context: PlanContext): ImportPlan {
  return planImport(
    readings.filter(isReadable).flatMap((reading) => reading.facts),
    context,
  );
}

export function dryRunReport(
  readings: readonly FileReading[],
  plan: ImportPlan,
  timeZone: string,
): DryRunReport {
  const planSkips = new Map<string, SkippedRow[]>();
  for (const skip of plan.skipped) {
    const list = planSkips.get(skip.file) ?? [];
    list.push({ row: skip.row, reason: skip.reason });
    planSkips.set(skip.file, list);
  }
  const byRepWeek: Record<string, Record<string, Record<string, number>>> = {};
  for (const activity of plan.activityFacts) {
    const weeks = byRepWeek[activity.rep] ?? {};
    const week = isoWeekOf(activity.atMs, timeZone);
    const counts = weeks[week] ?? { call: 0, email: 0 };
    counts[activity.kind] = (counts[activity.kind] ?? 0) + 1;
    weeks[week] = counts;
    byRepWeek[activity.rep] = weeks;
  }
  return {
    files: readings.map((reading) => ({
      file: reading.file,
      ...(reading.preset === undefined ? {} : { preset: reading.preset }),
      rows: reading.rows,
      footerRows: reading.footerRows,
      skipped: [...reading.skipped, ...(planSkips.get(reading.file) ?? [])].sort((a, b) => a.row - b.row),
      ...(reading.error === undefined ? {} : { error: reading.error }),
      ...(reading.dateOrderNeeded === undefined ? {} : { dateOrderNeeded: reading.dateOrderNeeded }),
    })),
    handoffs: plan.handoffCount,
    ownerChanges: { byParties: sortedRecord(plan.ownerChanges) },
    firstTouches: {
      count: Object.keys(plan.firstTouches).length,
      byLead: Object.fromEntries(
        Object.entries(plan.firstTouches)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([lead, atMs]) => [lead, new Date(atMs).toISOString()]),
      ),
    },
    activities: { byRepWeek },
    events: sortedRecord(plan.eventCounts),
    unknownOwners: plan.unknownOwners,
    duplicateRows: plan.duplicates,
  };
}

function sortedRecord(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
