import type { HandoffTrigger } from '@pactline/shared';
import { SelectField, TextField } from '../ui/fields';
import type { FieldIssues } from '../ui/validation';

/**
 * When a response rule's handoff starts: when someone presses "Hand off" in the overlay, when the
 * CRM page shows the record's stage (lifecycle stage or lead status) at a given value, or when it
 * shows the record's owner to be a member of a party (matched by their name in the directory).
 */
const startOptions = [
  { value: 'button', label: 'Someone presses “Hand off”' },
  { value: 'stage', label: 'The CRM shows a stage' },
  { value: 'owner', label: 'The CRM shows an owner from a party' },
];
const fieldOptions = [
  { value: 'lifecycleStage', label: 'Lifecycle stage' },
  { value: 'leadStatus', label: 'Lead status' },
];

export function TriggerFields(props: {
  value: HandoffTrigger | undefined;
  /** The agreement's parties, for "the owner becomes a member of…". */
  parties: readonly { id: string; name: string }[];
  /** The party the rule hands to: an owner trigger names it by default. */
  toPartyId: string;
  onChange: (trigger: HandoffTrigger) => void;
  issues: FieldIssues;
  disabled: boolean;
}) {
  const field = { issues: props.issues, disabled: props.disabled };
  const trigger = props.value;
  return (
    <>
      <SelectField
        label="The handoff starts when"
        path="trigger.kind"
        {...field}
        value={trigger?.kind ?? 'button'}
        options={startOptions}
        onChange={(kind) =>
          props.onChange(
            kind === 'stage'
              ? { kind: 'stage', field: 'lifecycleStage', value: '' }
              : kind === 'owner'
                ? { kind: 'owner', partyId: props.toPartyId }
                : { kind: 'button' },
          )
        }
      />
      {trigger?.kind === 'owner' && (
        <SelectField
          label="Owner is a member of"
          path="trigger.partyId"
          {...field}
          value={trigger.partyId}
          options={props.parties.map((party) => ({ value: party.id, label: party.name }))}
          onChange={(partyId) => props.onChange({ kind: 'owner', partyId })}
        />
      )}
      {trigger?.kind === 'stage' && (
        <div class="row">
          <SelectField
            label="Stage field"
            path="trigger.field"
            {...field}
            value={trigger.field}
            options={fieldOptions}
            onChange={(stageField) =>
              props.onChange({ ...trigger, field: stageField as 'lifecycleStage' | 'leadStatus' })
            }
          />
          <TextField
            label="Becomes (as the CRM shows it)"
            path="trigger.value"
            {...field}
            value={trigger.value}
            onInput={(value) => props.onChange({ ...trigger, value })}
          />
        </div>
      )}
    </>
  );
}
