import { type CalendarDefinition, type Member, type Party, type Rule, ruleSchema } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import type { ChannelName } from '../settings/relay-admin';
import { CheckboxField, FormIssues, TextField } from '../ui/fields';
import { SaveBar } from '../ui/save-bar';
import { saveOnSubmit } from '../ui/save-on-submit';
import { useDraft } from '../ui/use-draft';
import { issuesByPath } from '../ui/validation';
import { kindFieldPaths, RuleKindFields } from './rule-kind-fields';

type Props = {
  rule: Rule;
  parties: readonly Party[];
  calendars: readonly CalendarDefinition[];
  /** The workspace's people, for picking whom an escalation notifies. */
  members?: readonly Member[];
  /** The relay's escalation channels by name; null (the default) while they cannot be fetched. */
  channels?: readonly ChannelName[] | null;
  isReadOnly: boolean;
  onSave: (rule: Rule) => WriteResult;
  onRemove?: () => void;
};

export const ruleKindLabels: Record<Rule['kind'], string> = {
  response: 'Response time',
  volume: 'Volume',
  activity: 'Activity',
  conversion: 'Conversion rate',
};

export function RuleEditor({
  rule,
  parties,
  calendars,
  members = [],
  channels = null,
  isReadOnly,
  onSave,
  onRemove,
}: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft<Rule>(rule);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const validation = ruleSchema.safeParse(draft);
  const issues = issuesByPath(validation);
  const disabled = isReadOnly;
  const patch = (change: Partial<Rule>) => setDraft({ ...draft, ...change } as Rule);

  const save = saveOnSubmit(validation, onSave, {
    onSaved: () => {
      setSaveError(null);
      setSavedAt(Date.now());
      reset();
    },
    onRefused: setSaveError,
  });

  const fieldPaths = ['name', 'description', 'isEnabled', ...kindFieldPaths[draft.kind]];

  return (
    <form class="card form rule-editor" data-rule={rule.id} aria-label={`Rule ${rule.name}`} onSubmit={save}>
      <div class="screen-head">
        <h2>
          {rule.name} <span class="pill">{ruleKindLabels[rule.kind]}</span>
        </h2>
        <span class="muted">version {rule.version}</span>
      </div>
      <TextField
        label="Name"
        path="name"
        issues={issues}
        disabled={disabled}
        value={draft.name}
        onInput={(name) => patch({ name })}
      />
      <CheckboxField
        label="Enabled"
        disabled={disabled}
        checked={draft.isEnabled}
        onChange={(isEnabled) => patch({ isEnabled })}
      />
      <RuleKindFields
        draft={draft}
        patch={patch}
        issues={issues}
        disabled={disabled}
        parties={parties}
        calendars={calendars}
        members={members}
        channels={channels}
      />
      <FormIssues issues={issues} paths={fieldPaths} />
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      {!isReadOnly && (
        <SaveBar label="Save rule" isDirty={isDirty} isValid={validation.success} onDiscard={reset}>
          {onRemove && !isDirty && (
            <button type="button" class="ghost danger" onClick={onRemove}>
              Delete rule
            </button>
          )}
          {savedAt !== null && !isDirty && <span role="status">Saved</span>}
        </SaveBar>
      )}
    </form>
  );
}
