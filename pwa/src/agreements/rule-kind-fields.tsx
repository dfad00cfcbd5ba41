import {
  type CalendarDefinition,
  type Member,
  type Party,
  type Period,
  type Rule,
  stopEventSchema,
} from '@pactline/shared';
import type { ChannelName } from '../settings/relay-admin';
import { CheckboxField, Fieldset, GroupIssues, NumberField, SelectField, TextField } from '../ui/fields';
import { removeAt, replaceAt } from '../ui/list-edits';
import { RemoveButton } from '../ui/remove-button';
import type { FieldIssues } from '../ui/validation';
import { NotifyPicker } from './notify-picker';
import { NumberListField, PriorityTargets } from './rule-text-fields';
import { TriggerFields } from './trigger-fields';

/** The fields of each kind of rule, and the schema paths each kind's fields show messages for. */
export const kindFieldPaths: Record<Rule['kind'], readonly string[]> = {
  response: [
    'fromPartyId',
    'toPartyId',
    'calendarId',
    'targetMinutes',
    'targetMinutesByPriority',
    'warningPercents',
    'stopOn',
    'allowedPauseReasons',
    'escalation',
    'trigger',
  ],
  volume: ['partyId', 'toPartyId', 'itemLabel', 'targetCount', 'period', 'calendarId'],
  activity: ['partyId', 'activity', 'targetCount', 'period'],
  conversion: ['partyId', 'fromStage', 'toStage', 'targetPercent', 'comparison', 'period'],
};

const periodOptions = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
];
const stopLabels = {
  accepted: 'Accepted',
  first_touch: 'First touch',
  rejected: 'Rejected with a reason',
} as const;

type FieldState = { issues: FieldIssues; disabled: boolean };

function PeriodSelect({
  value,
  onChange,
  ...field
}: FieldState & { value: Period; onChange: (period: Period) => void }) {
  return (
    <SelectField
      label="Per"
      path="period"
      {...field}
      value={value}
      options={periodOptions}
      onChange={(period) => onChange(period as Period)}
    />
  );
}

/** "At least N per period": the target of volume and activity rules. */
function CountPerPeriod({
  targetCount,
  period,
  patch,
  ...field
}: FieldState & {
  targetCount: number;
  period: Period;
  patch: (change: { targetCount?: number; period?: Period }) => void;
}) {
  return (
    <div class="row">
      <NumberField
        label="At least"
        step={1}
        path="targetCount"
        {...field}
        value={targetCount}
        onInput={(targetCount) => patch({ targetCount })}
      />
      <PeriodSelect {...field} value={period} onChange={(period) => patch({ period })} />
    </div>
  );
}

type Props = FieldState & {
  draft: Rule;
  patch: (change: Partial<Rule>) => void;
  parties: readonly Party[];
  calendars: readonly CalendarDefinition[];
  members: readonly Member[];
  /** The relay's escalation channels by name, null while the relay cannot be asked. */
  channels: readonly ChannelName[] | null;
};

export function RuleKindFields({
  draft,
  patch,
  issues,
  disabled,
  parties,
  calendars,
  members,
  channels,
}: Props) {
  const field = { issues, disabled };
  const partyOptions = parties.map((party) => ({ value: party.id, label: party.name }));
  const calendarOptions = calendars.map((calendar) => ({ value: calendar.id, label: calendar.name }));
  switch (draft.kind) {
    case 'response': {
      const setStep = (index: number, change: Partial<(typeof draft.escalation)[number]>) =>
        patch({ escalation: replaceAt(draft.escalation, index, change) });
      return (
        <>
          <div class="row">
            <SelectField
              label="From"
              path="fromPartyId"
              {...field}
              value={draft.fromPartyId}
              options={partyOptions}
              onChange={(fromPartyId) => patch({ fromPartyId })}
            />
            <SelectField
              label="To"
              path="toPartyId"
              {...field}
              value={draft.toPartyId}
              options={partyOptions}
              onChange={(toPartyId) => patch({ toPartyId })}
            />
          </div>
          <SelectField
            label="Counts in calendar"
            path="calendarId"
            {...field}
            value={draft.calendarId}
            options={calendarOptions}
            onChange={(calendarId) => patch({ calendarId })}
          />
          <NumberField
            label="Target (business minutes)"
            path="targetMinutes"
            {...field}
            value={draft.targetMinutes}
            onInput={(targetMinutes) => patch({ targetMinutes })}
          />
          <PriorityTargets
            {...field}
            value={draft.targetMinutesByPriority}
            onChange={(targetMinutesByPriority) => patch({ targetMinutesByPriority })}
          />
          <NumberListField
            label="Warning thresholds (% of target)"
            path="warningPercents"
            {...field}
            value={draft.warningPercents}
            onChange={(warningPercents) => patch({ warningPercents })}
          />
          <Fieldset legend="Stops on">
            {stopEventSchema.options.map((stop) => (
              <CheckboxField
                key={stop}
                name={`stopOn.${stop}`}
                label={stopLabels[stop]}
                disabled={disabled}
                checked={draft.stopOn.includes(stop)}
                onChange={(checked) =>
                  patch({
                    stopOn: checked ? [...draft.stopOn, stop] : draft.stopOn.filter((item) => item !== stop),
                  })
                }
              />
            ))}
            <GroupIssues issues={issues} path="stopOn" />
          </Fieldset>
          <TextField
            label="Allowed pause reasons (one per line)"
            path="allowedPauseReasons"
            multiline
            {...field}
            value={draft.allowedPauseReasons.join('\n')}
            onInput={(text) => patch({ allowedPauseReasons: text.split('\n').filter((line) => line.trim()) })}
          />
          <CheckboxField
            label="A reassignment restarts the clock"
            disabled={disabled}
            checked={draft.isResetOnReassign}
            onChange={(isResetOnReassign) => patch({ isResetOnReassign })}
          />
          <SelectField
            label="An event that reaches the relay over an hour after the time it claims counts"
            path="lateEventsCountAt"
            {...field}
            value={draft.lateEventsCountAt ?? 'claimed'}
            options={[
              { value: 'claimed', label: 'At the time it claims (offline work counts)' },
              { value: 'received', label: 'When the relay received it' },
            ]}
            onChange={(value) => patch({ lateEventsCountAt: value === 'received' ? 'received' : 'claimed' })}
          />
          <TriggerFields
            value={draft.trigger}
            parties={parties}
            toPartyId={draft.toPartyId}
            onChange={(trigger) => patch({ trigger })}
            issues={issues}
            disabled={disabled}
          />
          <Fieldset legend="Escalation ladder">
            {draft.escalation.map((step, index) => (
              <div class="row" key={`${index}-${step.atPercent}`}>
                <NumberField
                  label="At % of target"
                  path={`escalation.${index}.atPercent`}
                  {...field}
                  value={step.atPercent}
                  onInput={(atPercent) => setStep(index, { atPercent })}
                />
                <NotifyPicker
                  legend={`Step ${index + 1} notifies`}
                  name={`escalation.${index}.notify`}
                  path={`escalation.${index}.notify`}
                  {...field}
                  parties={parties}
                  members={members}
                  channels={channels}
                  value={step.notify}
                  onChange={(notify) => setStep(index, { notify })}
                />
                {!disabled && (
                  <RemoveButton
                    label={`Remove escalation step ${index + 1}`}
                    onClick={() => patch({ escalation: removeAt(draft.escalation, index) })}
                  />
                )}
              </div>
            ))}
            {!disabled && (
              <button
                type="button"
                class="ghost"
                onClick={() =>
                  patch({
                    escalation: [...draft.escalation, { atPercent: 100, notify: [{ kind: 'receiver' }] }],
                  })
                }
              >
                Add a step
              </button>
            )}
          </Fieldset>
        </>
      );
    }
    case 'volume':
      return (
        <>
          <div class="row">
            <SelectField
              label="Delivered by"
              path="partyId"
              {...field}
              value={draft.partyId}
              options={partyOptions}
              onChange={(partyId) => patch({ partyId })}
            />
            <SelectField
              label="To"
              path="toPartyId"
              {...field}
              value={draft.toPartyId ?? ''}
              options={[{ value: '', label: 'anyone' }, ...partyOptions]}
              onChange={(value) => patch({ toPartyId: value || undefined })}
            />
          </div>
          <TextField
            label="What is counted"
            path="itemLabel"
            {...field}
            value={draft.itemLabel}
            onInput={(itemLabel) => patch({ itemLabel })}
          />
          <CountPerPeriod {...field} targetCount={draft.targetCount} period={draft.period} patch={patch} />
          <SelectField
            label="Pacing counts business days of"
            path="calendarId"
            {...field}
            value={draft.calendarId ?? ''}
            options={[{ value: '', label: 'every day' }, ...calendarOptions]}
            onChange={(value) => patch({ calendarId: value || undefined })}
          />
        </>
      );
    case 'activity':
      return (
        <>
          <SelectField
            label="Each rep of"
            path="partyId"
            {...field}
            value={draft.partyId}
            options={partyOptions}
            onChange={(partyId) => patch({ partyId })}
          />
          <TextField
            label="Activity"
            path="activity"
            {...field}
            value={draft.activity}
            onInput={(activity) => patch({ activity })}
          />
          <CountPerPeriod {...field} targetCount={draft.targetCount} period={draft.period} patch={patch} />
        </>
      );
    case 'conversion':
      return (
        <>
          <SelectField
            label="Party"
            path="partyId"
            {...field}
            value={draft.partyId}
            options={partyOptions}
            onChange={(partyId) => patch({ partyId })}
          />
          <div class="row">
            <TextField
              label="From stage"
              path="fromStage"
              {...field}
              value={draft.fromStage}
              onInput={(fromStage) => patch({ fromStage })}
            />
            <TextField
              label="To stage"
              path="toStage"
              {...field}
              value={draft.toStage}
              onInput={(toStage) => patch({ toStage })}
            />
          </div>
          <div class="row">
            <SelectField
              label="Rate"
              path="comparison"
              {...field}
              value={draft.comparison}
              options={[
                { value: 'at_least', label: 'at least' },
                { value: 'at_most', label: 'at most' },
              ]}
              onChange={(comparison) => patch({ comparison: comparison as 'at_least' | 'at_most' })}
            />
            <NumberField
              label="Percent"
              path="targetPercent"
              {...field}
              value={draft.targetPercent}
              onInput={(targetPercent) => patch({ targetPercent })}
            />
            <PeriodSelect {...field} value={draft.period} onChange={(period) => patch({ period })} />
          </div>
        </>
      );
  }
}
