import {
  type ChecklistTemplate,
  checklistTemplateSchema,
  crmFieldSchema,
  type Party,
} from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { CheckboxField, FormIssues, SelectField, TextField } from '../ui/fields';
import { removeAt, replaceAt } from '../ui/list-edits';
import { RemoveButton } from '../ui/remove-button';
import { SaveBar } from '../ui/save-bar';
import { saveOnSubmit } from '../ui/save-on-submit';
import { useDraft } from '../ui/use-draft';
import { issuesByPath } from '../ui/validation';

type Props = {
  checklist: ChecklistTemplate;
  parties: readonly Party[];
  isReadOnly: boolean;
  onSave: (checklist: ChecklistTemplate) => WriteResult;
};

export function nextItemId(existing: readonly { id: string }[]): string {
  let index = existing.length + 1;
  while (existing.some((item) => item.id === `item-${index}`)) index += 1;
  return `item-${index}`;
}

export function ChecklistEditor({ checklist, parties, isReadOnly, onSave }: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft(checklist);
  const [error, setError] = useState<string | null>(null);
  const validation = checklistTemplateSchema.safeParse(draft);
  const issues = issuesByPath(validation);
  const disabled = isReadOnly;
  const partyOptions = [
    { value: '', label: 'any party' },
    ...parties.map((party) => ({ value: party.id, label: party.name })),
  ];
  const setItem = (index: number, change: Partial<ChecklistTemplate['items'][number]>) =>
    setDraft({ ...draft, items: replaceAt(draft.items, index, change) });
  const save = saveOnSubmit(validation, onSave, { onSaved: reset, onRefused: setError });
  return (
    <form class="card form" aria-label={`Checklist ${checklist.name}`} onSubmit={save}>
      <div class="row">
        <TextField
          label="Checklist"
          path="name"
          issues={issues}
          disabled={disabled}
          value={draft.name}
          onInput={(name) => setDraft({ ...draft, name })}
        />
        <TextField
          label="Stage"
          path="stage"
          issues={issues}
          disabled={disabled}
          value={draft.stage}
          onInput={(stage) => setDraft({ ...draft, stage })}
        />
      </div>
      <div class="row">
        <SelectField
          label="From"
          path="fromPartyId"
          issues={issues}
          disabled={disabled}
          value={draft.fromPartyId ?? ''}
          options={partyOptions}
          onChange={(value) => setDraft({ ...draft, fromPartyId: value || undefined })}
        />
        <SelectField
          label="To"
          path="toPartyId"
          issues={issues}
          disabled={disabled}
          value={draft.toPartyId ?? ''}
          options={partyOptions}
          onChange={(value) => setDraft({ ...draft, toPartyId: value || undefined })}
        />
      </div>
      <ol class="checklist-items">
        {draft.items.map((item, index) => (
          <li key={item.id}>
            <TextField
              label={`Item ${index + 1}`}
              path={`items.${index}.label`}
              issues={issues}
              disabled={disabled}
              value={item.label}
              onInput={(label) => setItem(index, { label })}
            />
            <div class="row">
              <CheckboxField
                label="Required"
                disabled={disabled}
                checked={item.isRequired}
                onChange={(isRequired) => setItem(index, { isRequired })}
              />
              <SelectField
                label="Checked automatically when"
                path={`items.${index}.autoCheck`}
                issues={issues}
                disabled={disabled}
                value={item.autoCheck?.field ?? ''}
                options={[
                  { value: '', label: 'never (ticked by hand)' },
                  ...crmFieldSchema.options.map((field) => ({
                    value: field,
                    label: `${field} is filled in`,
                  })),
                ]}
                onChange={(field) =>
                  setItem(index, {
                    autoCheck: field
                      ? { field: field as (typeof crmFieldSchema.options)[number], condition: 'filled' }
                      : undefined,
                  })
                }
              />
              {!disabled && (
                <RemoveButton
                  label={`Remove item ${index + 1}`}
                  onClick={() => setDraft({ ...draft, items: removeAt(draft.items, index) })}
                />
              )}
            </div>
          </li>
        ))}
      </ol>
      {!disabled && (
        <button
          type="button"
          class="ghost"
          onClick={() =>
            setDraft({
              ...draft,
              items: [...draft.items, { id: nextItemId(draft.items), label: '', isRequired: false }],
            })
          }
        >
          Add an item
        </button>
      )}
      <FormIssues issues={issues} paths={['name', 'stage', 'fromPartyId', 'toPartyId', 'items']} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!isReadOnly && (
        <SaveBar label="Save checklist" isDirty={isDirty} isValid={validation.success} onDiscard={reset} />
      )}
    </form>
  );
}
