import { type Member, memberSchema } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { FormIssues, SelectField, TextField } from '../ui/fields';
import { SaveBar } from '../ui/save-bar';
import { saveOnSubmit } from '../ui/save-on-submit';
import { useDraft } from '../ui/use-draft';
import { issuesByPath } from '../ui/validation';

/** The form's working copy: CRM names as typed, one per line, until saved. */
type MemberForm = {
  userId: string;
  displayName: string;
  partyId: string;
  email: string;
  crmNames: string;
};

function formOf(member: Member): MemberForm {
  return {
    userId: member.userId,
    displayName: member.displayName,
    partyId: member.partyId ?? '',
    email: member.email ?? '',
    crmNames: (member.crmNames ?? []).join('\n'),
  };
}

/** The member a form describes: blank optional fields left out, one CRM name per non-empty line. */
export function memberOf(form: MemberForm): Member {
  const crmNames = form.crmNames
    .split('\n')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    userId: form.userId.trim(),
    displayName: form.displayName.trim(),
    ...(form.partyId ? { partyId: form.partyId } : {}),
    ...(form.email.trim() ? { email: form.email.trim() } : {}),
    ...(crmNames.length > 0 ? { crmNames } : {}),
  };
}

type Props = {
  member: Member;
  parties: readonly { id: string; name: string }[];
  isReadOnly: boolean;
  /** A member not saved yet: the user id can still be chosen. */
  isNew?: boolean;
  onSave: (member: Member) => WriteResult;
  onRemove?: () => void;
};

/**
 * One person of the workspace: their name, team, email, and the names the CRMs show for them as a
 * record's owner, which the extension matches when a rule starts on an owner change.
 */
export function MemberEditor({ member, parties, isReadOnly, isNew = false, onSave, onRemove }: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft(formOf(member));
  const [error, setError] = useState<string | null>(null);
  const validation = memberSchema.safeParse(memberOf(draft));
  const issues = issuesByPath(validation);
  const save = saveOnSubmit(validation, onSave, {
    onSaved: () => {
      setError(null);
      reset();
    },
    onRefused: setError,
  });
  const knownParty = draft.partyId === '' || parties.some((party) => party.id === draft.partyId);
  const partyOptions = [
    { value: '', label: 'No team' },
    ...parties.map((party) => ({ value: party.id, label: party.name })),
    ...(knownParty ? [] : [{ value: draft.partyId, label: `${draft.partyId} (not in the agreement)` }]),
  ];
  const label = isNew ? 'New member' : `Member ${member.displayName}`;
  return (
    <form
      class="card form member"
      aria-label={label}
      data-member={isNew ? undefined : member.userId}
      onSubmit={save}
    >
      <div class="row">
        <TextField
          label="Name"
          path="displayName"
          issues={issues}
          disabled={isReadOnly}
          value={draft.displayName}
          onInput={(displayName) => setDraft({ ...draft, displayName })}
        />
        <TextField
          label="User id"
          hint={isNew ? 'as in their token' : undefined}
          path="userId"
          issues={issues}
          disabled={isReadOnly || !isNew}
          value={draft.userId}
          onInput={(userId) => setDraft({ ...draft, userId })}
        />
        <SelectField
          label="Team"
          path="partyId"
          issues={issues}
          disabled={isReadOnly}
          value={draft.partyId}
          options={partyOptions}
          onChange={(partyId) => setDraft({ ...draft, partyId })}
        />
        <TextField
          label="Email"
          path="email"
          issues={issues}
          disabled={isReadOnly}
          value={draft.email}
          onInput={(email) => setDraft({ ...draft, email })}
        />
      </div>
      <TextField
        label="Names in the CRM"
        hint="one per line: how the CRM shows them as a record's owner, when it differs from their name"
        path="crmNames"
        issues={issues}
        disabled={isReadOnly}
        multiline
        value={draft.crmNames}
        onInput={(crmNames) => setDraft({ ...draft, crmNames })}
      />
      <FormIssues issues={issues} paths={['displayName', 'userId', 'partyId', 'email', 'crmNames']} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!isReadOnly && (
        <SaveBar
          label={isNew ? 'Add member' : 'Save member'}
          isDirty={isDirty}
          isValid={validation.success}
          onDiscard={reset}
        >
          {onRemove && !isDirty && (
            <button type="button" class="ghost danger" onClick={onRemove}>
              Remove member
            </button>
          )}
        </SaveBar>
      )}
    </form>
  );
}
