import { type Party, partyRoleSchema, partySchema } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { FormIssues, SelectField, TextField } from '../ui/fields';
import { SaveBar } from '../ui/save-bar';
import { saveOnSubmit } from '../ui/save-on-submit';
import { useDraft } from '../ui/use-draft';
import { issuesByPath } from '../ui/validation';

const roleLabels = {
  marketing: 'Marketing',
  sdr: 'Sales development',
  ae: 'Account executives',
  customer_success: 'Customer success',
  other: 'Other',
} as const;

type Props = {
  party: Party;
  isReadOnly: boolean;
  onSave: (party: Party) => WriteResult;
  onRemove?: () => void;
};

export function PartyEditor({ party, isReadOnly, onSave, onRemove }: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft(party);
  const [error, setError] = useState<string | null>(null);
  const validation = partySchema.safeParse(draft);
  const issues = issuesByPath(validation);
  const save = saveOnSubmit(validation, onSave, { onSaved: reset, onRefused: setError });
  return (
    <form class="card form" aria-label={`Party ${party.name}`} onSubmit={save}>
      <div class="row">
        <TextField
          label="Team"
          path="name"
          issues={issues}
          disabled={isReadOnly}
          value={draft.name}
          onInput={(name) => setDraft({ ...draft, name })}
        />
        <SelectField
          label="Role"
          path="role"
          issues={issues}
          disabled={isReadOnly}
          value={draft.role}
          options={partyRoleSchema.options.map((role) => ({ value: role, label: roleLabels[role] }))}
          onChange={(role) => setDraft({ ...draft, role: role as Party['role'] })}
        />
      </div>
      <div class="row">
        <TextField
          label="Point of contact"
          path="contact.name"
          issues={issues}
          disabled={isReadOnly}
          value={draft.contact.name}
          onInput={(name) => setDraft({ ...draft, contact: { ...draft.contact, name } })}
        />
        <TextField
          label="Contact email"
          path="contact.email"
          issues={issues}
          disabled={isReadOnly}
          value={draft.contact.email ?? ''}
          onInput={(email) =>
            setDraft({ ...draft, contact: { ...draft.contact, email: email.trim() || undefined } })
          }
        />
        <TextField
          label="Contact user id"
          hint="the workspace user who signs for this party"
          path="contact.userId"
          issues={issues}
          disabled={isReadOnly}
          value={draft.contact.userId ?? ''}
          onInput={(userId) =>
            setDraft({ ...draft, contact: { ...draft.contact, userId: userId.trim() || undefined } })
          }
        />
      </div>
      <FormIssues issues={issues} paths={['name', 'role', 'contact']} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!isReadOnly && (
        <SaveBar label="Save party" isDirty={isDirty} isValid={validation.success} onDiscard={reset}>
          {onRemove && !isDirty && (
            <button type="button" class="ghost danger" onClick={onRemove}>
              Remove party
            </button>
          )}
        </SaveBar>
      )}
    </form>
  );
}
