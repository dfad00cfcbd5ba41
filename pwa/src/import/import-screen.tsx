import {
  type AgreementTerms,
  type ColumnMapping,
  clockRecords,
  type DateOrder,
  type DryRunReport,
  directoryOwnerOf,
  dryRunReport,
  type FileReading,
  type HandoffEvent,
  type HandoffWithEvents,
  historyTarget,
  type ImportPlan,
  importPresets,
  isKnownTimeZone,
  isReadable,
  type Member,
  planFiles,
  type ResponseRule,
  stableHash,
} from '@pactline/shared';
import { upsertMember, upsertRule } from '@pactline/shared/doc';
import { useMemo, useState } from 'preact/hooks';
import { TimeZonePicker } from '../agreements/time-zone-picker';
import { useAgreement } from '../agreements/use-agreement';
import { useDirectory } from '../sync/use-directory';
import { useRoom, useWorkspace } from '../sync/workspace';
import { HistoryTargetsCard } from './history-targets-card';
import { MappingForm } from './mapping-form';
import {
  type ImportRun,
  type ReadProgress,
  readExports,
  savedRuns,
  saveRuns,
  undoRun,
  writeImport,
} from './run-import';

/**
 * Last quarter's history from CRM exports (admins): pick files, say the zone they were exported in,
 * read them in a worker with a progress bar, check the dry run (what each file gave, rows skipped
 * and why, owners nobody is known as, what the log would gain), then import, and undo if need be.
 */
export function ImportScreen() {
  const workspace = useWorkspace();
  const { directory } = useDirectory();
  const inForce =
    directory.agreements.find((agreement) => agreement.status === 'active') ?? directory.agreements[0];
  if (workspace.role !== 'admin') {
    return (
      <section class="screen import" aria-labelledby="import-title">
        <h1 id="import-title">Import history</h1>
        <p class="notice" role="note">
          Importing CRM history is an admin's: ask one of the workspace's admins.
        </p>
      </section>
    );
  }
  return inForce === undefined ? (
    <section class="screen import" aria-labelledby="import-title">
      <h1 id="import-title">Import history</h1>
      <p class="notice" role="note">
        Write an agreement first: its rules decide which owner changes are handoffs.
      </p>
    </section>
  ) : (
    <ImportUnderAgreement key={inForce.id} agreementId={inForce.id} members={directory.members} />
  );
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function ImportUnderAgreement({ agreementId, members }: { agreementId: string; members: readonly Member[] }) {
  const workspace = useWorkspace();
  const { read, connection: agreementConnection } = useAgreement(agreementId);
  const directoryRoom = useRoom(workspace.directoryRoom());
  const [files, setFiles] = useState<File[]>([]);
  const [zone, setZone] = useState(browserZone);
  const [preset, setPreset] = useState('');
  const [dateOrder, setDateOrder] = useState<DateOrder | ''>('');
  const [mappings, setMappings] = useState<Record<string, ColumnMapping>>({});
  const [progress, setProgress] = useState<ReadProgress | null>(null);
  const [reading, setReading] = useState<{ cancel: () => void } | null>(null);
  const [readings, setReadings] = useState<FileReading[] | null>(null);
  const [importId, setImportId] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [runs, setRuns] = useState<ImportRun[]>(() => savedRuns(window.localStorage, workspace.workspaceId));
  const rules = useMemo(
    () =>
      (read?.agreement?.terms.rules ?? []).filter(
        (rule): rule is ResponseRule => rule.kind === 'response' && rule.isEnabled,
      ),
    [read],
  );
  const plan = useMemo(
    () =>
      readings === null
        ? null
        : planFiles(readings, {
            ownerOf: directoryOwnerOf(members),
            rules,
            writer: { agreementId, importerUserId: workspace.userId, importId },
          }),
    [readings, members, rules, agreementId, importId, workspace.userId],
  );
  const report = readings !== null && plan !== null ? dryRunReport(readings, plan, zone) : null;
  const terms = read?.agreement?.terms;
  const history = useMemo(
    () => (plan === null || terms === undefined ? null : historyOf(plan, terms, rules)),
    [plan, terms, rules],
  );
  const setTarget = (rule: ResponseRule, minutes: number) => {
    if (agreementConnection === null) return;
    const result = upsertRule(agreementConnection.doc, { ...rule, targetMinutes: minutes });
    if (!result.ok) setError(`The target was not changed: ${result.message}`);
  };
  const isComplete = readings?.every(isReadable) ?? false;
  const entryCount = plan === null ? 0 : plan.handoffs.length + plan.events.length + plan.activities.length;

  const readFiles = async (withMappings = mappings) => {
    setError('');
    setReadings(null);
    const started = readExports(
      {
        files,
        timeZone: zone,
        ...(preset === '' ? {} : { preset }),
        ...(dateOrder === '' ? {} : { dateOrder }),
        mappings: withMappings,
      },
      setProgress,
    );
    setReading(started);
    try {
      const done = await started.done;
      setImportId(
        `imp-${stableHash(`${workspace.userId}|${Date.now()}|${files.map((file) => file.name).join('|')}`)}`,
      );
      setReadings(done);
    } catch (failure) {
      if (!(failure instanceof Error && failure.message === 'cancelled')) setError(String(failure));
    } finally {
      setReading(null);
      setProgress(null);
    }
  };

  const remember = (next: ImportRun[]) => {
    saveRuns(window.localStorage, workspace.workspaceId, next);
    setRuns(next);
  };

  const runImport = async () => {
    if (plan === null || readings === null) return;
    setBusy('Importing…');
    try {
      const run = await writeImport(
        workspace,
        plan,
        { importId, files: readings.map((each) => each.file) },
        (month) => setBusy(`Importing ${month}…`),
      );
      remember([run, ...runs.filter((each) => each.importId !== run.importId)]);
      setReadings(null);
      setFiles([]);
    } catch (failure) {
      setError(`The import stopped: ${String(failure)}`);
    } finally {
      setBusy('');
    }
  };

  const undo = async (run: ImportRun) => {
    setBusy(`Undoing ${run.importId}…`);
    try {
      const withdrawn = await undoRun(workspace, run);
      remember(
        runs.map((each) => (each.importId === run.importId ? { ...each, undoneCount: withdrawn } : each)),
      );
    } catch (failure) {
      setError(`The undo stopped: ${String(failure)}`);
    } finally {
      setBusy('');
    }
  };

  const nameAs = (crmName: string, userId: string) => {
    const member = members.find((each) => each.userId === userId);
    if (member === undefined || directoryRoom.connection === null) return;
    const result = upsertMember(directoryRoom.connection.doc, {
      ...member,
      crmNames: [...(member.crmNames ?? []), crmName],
    });
    if (!result.ok) setError(result.message);
  };

  return (
    <section class="screen import" aria-labelledby="import-title">
      <h1 id="import-title">Import history</h1>
      <p>
        Bring last quarter's handoffs in from CRM exports: a Salesforce Lead History or tasks report, a
        HubSpot contacts export, Pipedrive deals or people. Nothing is written until you import, and an import
        can be undone as a whole.
      </p>
      <form
        class="import-files"
        onSubmit={(event) => {
          event.preventDefault();
          void readFiles();
        }}
      >
        <div class="field">
          <label for="import-files">Export files (CSV)</label>
          <input
            id="import-files"
            type="file"
            multiple
            accept=".csv,text/csv"
            onChange={(event) => {
              setFiles([...(event.currentTarget.files ?? [])]);
              setReadings(null);
            }}
          />
        </div>
        <TimeZonePicker label="Zone the files were exported in" value={zone} onChange={setZone} />
        <div class="field">
          <label for="import-preset">Kind of export</label>
          <select
            id="import-preset"
            value={preset}
            onChange={(event) => setPreset(event.currentTarget.value)}
          >
            <option value="">Recognize from the headers</option>
            {importPresets.map((each) => (
              <option key={each.id} value={each.id}>
                {each.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="import-date-order">Dates like 3/5/2026 are</label>
          <select
            id="import-date-order"
            value={dateOrder}
            onChange={(event) => setDateOrder(event.currentTarget.value as DateOrder | '')}
          >
            <option value="">Decided by the file (asked when it cannot tell)</option>
            <option value="mdy">month/day/year (US)</option>
            <option value="dmy">day/month/year</option>
          </select>
        </div>
        <button type="submit" disabled={files.length === 0 || reading !== null || !isKnownTimeZone(zone)}>
          Read {files.length === 1 ? 'the file' : `${files.length} files`}
        </button>
        {reading !== null && (
          <button type="button" onClick={() => reading.cancel()}>
            Cancel
          </button>
        )}
      </form>
      {progress !== null && (
        <p role="status">
          <label for="import-progress">
            Reading {files[progress.fileIndex]?.name}: {progress.rows.toLocaleString()} rows
          </label>{' '}
          <progress id="import-progress" max={progress.totalBytes} value={progress.bytesRead} />
        </p>
      )}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {busy !== '' && <p role="status">{busy}</p>}
      {report !== null && (
        <Preview
          report={report}
          readings={readings ?? []}
          onMap={(file, mapping) => {
            const next = { ...mappings, [file]: mapping };
            setMappings(next);
            void readFiles(next);
          }}
          members={members}
          entryCount={entryCount}
          isComplete={isComplete}
          onNameAs={nameAs}
          onImport={() => void runImport()}
          isBusy={busy !== ''}
        />
      )}
      {history !== null && history.targets.length > 0 && (
        <HistoryTargetsCard
          targets={history.targets}
          sinceMs={history.sinceMs}
          {...(read?.isReadOnly ? {} : { onSetTarget: setTarget })}
        />
      )}
      {runs.length > 0 && (
        <section aria-labelledby="import-runs">
          <h2 id="import-runs">Imports from this device</h2>
          <ul class="import-runs">
            {runs.map((run) => (
              <li key={run.importId} data-import-run={run.importId}>
                {new Date(run.atMs).toLocaleString()}: {run.files.join(', ')} — {run.written.handoffs}{' '}
                handoffs, {run.written.events} events, {run.written.activities} activities
                {run.written.alreadyThere > 0 ? ` (${run.written.alreadyThere} already in the log)` : ''}
                {run.isStored ? '' : ' · on this device, syncing when the relay is reachable'}
                {run.undoneCount !== undefined ? (
                  <span data-undone> · undone ({run.undoneCount} entries withdrawn)</span>
                ) : (
                  <button type="button" disabled={busy !== ''} onClick={() => void undo(run)}>
                    Undo this import
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function Preview({
  report,
  readings,
  onMap,
  members,
  entryCount,
  isComplete,
  isBusy,
  onNameAs,
  onImport,
}: {
  report: DryRunReport;
  readings: readonly FileReading[];
  onMap: (file: string, mapping: ColumnMapping) => void;
  members: readonly Member[];
  entryCount: number;
  isComplete: boolean;
  isBusy: boolean;
  onNameAs: (crmName: string, userId: string) => void;
  onImport: () => void;
}) {
  const activityCount = Object.values(report.activities.byRepWeek)
    .flatMap((weeks) => Object.values(weeks))
    .reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
  return (
    <section aria-labelledby="import-preview" class="import-preview">
      <h2 id="import-preview">Dry run</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Read as</th>
            <th scope="col">Rows</th>
            <th scope="col">Skipped</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr key={file.file} data-file={file.file}>
              <td>{file.file}</td>
              <td>{importPresets.find((each) => each.id === file.preset)?.label ?? '—'}</td>
              <td>{file.rows}</td>
              <td>{file.skipped.length}</td>
              <td data-file-state>
                {file.error ??
                  (file.dateOrderNeeded
                    ? `Say how dates are written (${file.dateOrderNeeded.join(', ')}), then read again`
                    : 'Ready')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {readings
        .filter((reading) => reading.preset === undefined && reading.headers.some((header) => header !== ''))
        .map((reading) => (
          <MappingForm
            key={reading.file}
            file={reading.file}
            headers={reading.headers}
            onMap={(mapping) => onMap(reading.file, mapping)}
          />
        ))}
      <dl class="import-totals">
        <dt>Handoffs</dt>
        <dd data-total="handoffs">{report.handoffs}</dd>
        <dt>Owner changes across parties</dt>
        <dd data-total="owner-changes">
          {Object.entries(report.ownerChanges.byParties)
            .map(([pair, count]) => `${pair.replace('->', ' → ')}: ${count}`)
            .join(', ') || 'none'}
        </dd>
        <dt>First touches</dt>
        <dd data-total="first-touches">{report.firstTouches.count}</dd>
        <dt>Events</dt>
        <dd data-total="events">
          {Object.entries(report.events)
            .map(([type, count]) => `${type.replace('_', ' ')}: ${count}`)
            .join(', ') || 'none'}
        </dd>
        <dt>Calls, emails and meetings</dt>
        <dd data-total="activities">{activityCount}</dd>
      </dl>
      {report.unknownOwners.length > 0 && (
        <section aria-labelledby="import-unknown">
          <h3 id="import-unknown">People nobody is known as</h3>
          <p>
            Their rows are skipped until you say who they are (the name is added to the member's CRM names).
          </p>
          <ul>
            {report.unknownOwners.map((owner) => (
              <li key={owner.name} data-unknown-owner={owner.name}>
                <label>
                  “{owner.name}” ({owner.rows} {owner.rows === 1 ? 'row' : 'rows'}) is{' '}
                  <select
                    value=""
                    onChange={(event) =>
                      event.currentTarget.value && onNameAs(owner.name, event.currentTarget.value)
                    }
                  >
                    <option value="">nobody in the workspace</option>
                    {members.map((member) => (
                      <option key={member.userId} value={member.userId}>
                        {member.displayName}
                      </option>
                    ))}
                  </select>
                </label>
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.files.some((file) => file.skipped.length > 0) && (
        <details>
          <summary>Rows skipped, and why</summary>
          {report.files.map((file) => (
            <ul key={file.file}>
              {file.skipped.slice(0, 200).map((skip) => (
                <li key={`${skip.row}|${skip.reason}`}>
                  {file.file}, row {skip.row}: {skip.reason}
                </li>
              ))}
            </ul>
          ))}
        </details>
      )}
      <details>
        <summary>Dry run as JSON (as pnpm pactline import --dry-run --json prints it)</summary>
        <pre data-dry-run>{JSON.stringify(report, null, 2)}</pre>
      </details>
      <button type="button" disabled={!isComplete || entryCount === 0 || isBusy} onClick={onImport}>
        Import {entryCount} entries
      </button>
      {!isComplete && (
        <p role="note">A file cannot be imported as it is: nothing will be written until it can.</p>
      )}
    </section>
  );
}

/** What the files' history says about each response rule's target, measured as the dashboard would. */
function historyOf(
  plan: ImportPlan,
  terms: Pick<AgreementTerms, 'rules' | 'calendars'>,
  rules: readonly ResponseRule[],
) {
  const eventsOf = new Map<string, HandoffEvent[]>();
  for (const event of plan.events)
    eventsOf.set(event.handoffId, [...(eventsOf.get(event.handoffId) ?? []), event]);
  if (plan.handoffs.length === 0) return null;
  const handoffs: HandoffWithEvents[] = plan.handoffs.map((handoff) => ({
    ...handoff,
    events: eventsOf.get(handoff.id) ?? [],
  }));
  const { records } = clockRecords({
    handoffs,
    rules: terms.rules,
    calendars: terms.calendars,
    nowMs: Date.now(),
  });
  return {
    sinceMs: Math.min(...handoffs.map((handoff) => handoff.startedAtMs)),
    targets: rules.map((rule) => ({ rule, target: historyTarget(rule, records) })),
  };
}
