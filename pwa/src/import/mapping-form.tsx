import {
  type ColumnMapping,
  type ColumnRole,
  type ImportKind,
  importKinds,
  requiredRoles,
} from '@pactline/shared';
import { useId, useState } from 'preact/hooks';

const roleLabels: Record<ColumnRole, string> = {
  recordId: 'Record id',
  name: 'Record name',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  owner: 'Owner',
  createdAt: 'Created at',
  ownerAssignedAt: 'Owner assigned at',
  lifecycleStage: 'Stage',
  leadStatus: 'Status',
  stageChangedAt: 'Stage changed at',
  field: 'Field changed',
  oldValue: 'Old value',
  newValue: 'New value',
  editedBy: 'Changed by',
  editedAt: 'Changed at',
  activityType: 'Activity type (call, email, meeting)',
  activityStatus: 'Activity status',
  completedAt: 'Completed at',
  activityDate: 'Activity date',
  assigned: 'Rep',
};

const rolesByKind: Record<ImportKind, readonly ColumnRole[]> = {
  history: ['recordId', 'name', 'field', 'oldValue', 'newValue', 'editedBy', 'editedAt'],
  activities: [
    'recordId',
    'name',
    'activityType',
    'activityStatus',
    'completedAt',
    'activityDate',
    'assigned',
  ],
  records: [
    'recordId',
    'name',
    'owner',
    'createdAt',
    'ownerAssignedAt',
    'lifecycleStage',
    'stageChangedAt',
    'leadStatus',
  ],
};

const kindLabels: Record<ImportKind, string> = {
  history: 'Field history: one row per change (owner, status)',
  activities: 'Activities: one row per call, email or meeting',
  records: 'Records as they are now: owner, stage and their dates',
};

/** Says what a CSV no preset knows holds: its kind, the header of each column, where records open. */
export function MappingForm({
  file,
  headers,
  onMap,
}: {
  file: string;
  headers: readonly string[];
  onMap: (mapping: ColumnMapping) => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<ImportKind>('history');
  const [columns, setColumns] = useState<Partial<Record<ColumnRole, string>>>({});
  const [recordUrl, setRecordUrl] = useState('');
  const required = requiredRoles(kind);
  const missing = required.filter((anyOf) => anyOf.every((role) => !columns[role]));
  const isUrlUsable = /^https?:\/\/\S+$/.test(recordUrl) && recordUrl.includes('{id}');
  return (
    <form
      class="import-mapping"
      data-mapping={file}
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = Object.fromEntries(
          rolesByKind[kind].flatMap((role) => (columns[role] ? [[role, columns[role]]] : [])),
        ) as Partial<Record<ColumnRole, string>>;
        onMap({ kind, columns: chosen, recordUrl });
      }}
    >
      <fieldset>
        <legend>No preset knows the columns of {file}: say what they hold</legend>
        <div class="field">
          <label for={`${id}-kind`}>What each row is</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as ImportKind)}
          >
            {importKinds.map((each) => (
              <option key={each} value={each}>
                {kindLabels[each]}
              </option>
            ))}
          </select>
        </div>
        {rolesByKind[kind].map((role) => {
          const isNeeded = required.some((anyOf) => anyOf.includes(role));
          return (
            <div class="field" key={role}>
              <label for={`${id}-${role}`}>
                {roleLabels[role]}
                {isNeeded ? ' (needed)' : ''}
              </label>
              <select
                id={`${id}-${role}`}
                value={columns[role] ?? ''}
                onChange={(event) => setColumns({ ...columns, [role]: event.currentTarget.value })}
              >
                <option value="">not in the file</option>
                {headers.map((header) => (
                  <option key={header} value={header}>
                    {header}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <div class="field">
          <label for={`${id}-url`}>Where a record opens, {'{id}'} for its id</label>
          <input
            id={`${id}-url`}
            value={recordUrl}
            placeholder="https://crm.example.com/leads/{id}"
            onInput={(event) => setRecordUrl(event.currentTarget.value.trim())}
          />
        </div>
        <button type="submit" disabled={missing.length > 0 || !isUrlUsable}>
          Read {file} with these columns
        </button>
        {missing.length > 0 && (
          <p class="muted">
            Still needed:{' '}
            {missing.map((anyOf) => anyOf.map((role) => roleLabels[role]).join(' or ')).join(', ')}.
          </p>
        )}
      </fieldset>
    </form>
  );
}
