import {
  type CalendarDefinition,
  type EscalationTarget,
  type Party,
  type Rule,
  stopEventSchema,
} from '@pactline/shared';
import { CheckboxField, Fieldset, NumberField, SelectField, TextField } from '../ui/fields';
import { type FieldIssues, issuesUnder } from '../ui/validation';
import { NotifyField, NumberListField, PriorityTargets } from './rule-text-fields';

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

function describeTarget(target: EscalationTarget, parties: readonly Party[]): string {
  switch (target.kind) {
    case 'party':
      return parties.find((party) => party.id === target.partyId)?.name ?? target.partyId;
    case 'user':
      return target.userId;
    case 'sender':
      return 'sender';
    case 'receiver':
      return 'receiver';
  }
}

type Props = {
  draft: Rule;
  patch: (change: Partial<Rule>) => void;
  issues: FieldIssues;
  disabled: boolean;
  parties: readonly Party[];
  calendars: readonly CalendarDefinition[];
};

export function RuleKindFields({ draft, patch, issues, disabled, parties, calendars }: Props) {
  const partyOptions = parties.map((party) => ({ value: party.id, label: party.name }));
  const calendarOptions = calendars.map((calendar) => ({ value: calendar.id, label: calendar.name }));
  switch (draft.kind) {
    case 'response': {
      return (
        <>
          <div class="row">
            <SelectField
              label="From"
              path="fromPartyId"
              issues={issues}
              disabled={disabled}
              value={draft.fromPartyId}
              options={partyOptions}
              onChange={(fromPartyId) => patch({ fromPartyId })}
            />
            <SelectField
              label="To"
              path="toPartyId"
              issues={issues}
              disabled={disabled}
              value={draft.toPartyId}
              options={partyOptions}
              onChange={(toPartyId) => patch({ toPartyId })}
            />
          </div>
          <SelectField
            label="Counts in calendar"
            path="calendarId"
            issues={issues}
            disabled={disabled}
            value={draft.calendarId}
            options={calendarOptions}
            onChange={(calendarId) => patch({ calendarId })}
          />
          <NumberField
            label="Target (business minutes)"
            path="targetMinutes"
            issues={issues}
            disabled={disabled}
            value={draft.targetMinutes}
            onInput={(targetMinutes) => patch({ targetMinutes })}
          />
          <PriorityTargets
            value={draft.targetMinutesByPriority}
            issues={issues}
            disabled={disabled}
            onChange={(targetMinutesByPriority) => patch({ targetMinutesByPriority })}
          />
          <NumberListField
            label="Warning thresholds (% of target)"
            path="warningPercents"
            issues={issues}
            disabled={disabled}
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
            {issuesUnder(issues, 'stopOn').length > 0 && (
              <p class="error" role="alert">
                {issuesUnder(issues, 'stopOn').join('; ')}
              </p>
            )}
          </Fieldset>
          <TextField
            label="Allowed pause reasons (one per line)"
            path="allowedPauseReasons"
            multiline
            issues={issues}
            disabled={disabled}
            value={draft.allowedPauseReasons.join('\n')}
            onInput={(text) => patch({ allowedPauseReasons: text.split('\n').filter((line) => line.trim()) })}
          />
          <CheckboxField
            label="A reassignment restarts the clock"
            disabled={disabled}
            checked={draft.isResetOnReassign}
            onChange={(isResetOnReassign) => patch({ isResetOnReassign })}
          />
          <Fieldset legend="Escalation ladder">
            {draft.escalation.map((step, index) => (
              <div class="row" key={`${index}-${step.atPercent}`}>
                <NumberField
                  label="At % of target"
                  path={`escalation.${index}.atPercent`}
                  issues={issues}
                  disabled={disabled}
                  value={step.atPercent}
                  onInput={(atPercent) =>
                    patch({
                      escalation: draft.escalation.map((item, i) =>
                        i === index ? { ...item, atPercent } : item,
                      ),
                    })
                  }
                />
                <NotifyField
                  path={`escalation.${index}.notify`}
                  hint={step.notify.map((target) => describeTarget(target, parties)).join(', ')}
                  issues={issues}
                  disabled={disabled}
                  value={step.notify}
                  onChange={(notify) =>
                    patch({
                      escalation: draft.escalation.map((item, i) =>
                        i === index ? { ...item, notify } : item,
                      ),
                    })
                  }
                />
                {!disabled && (
                  <button
                    type="button"
                    class="ghost"
                    aria-label={`Remove escalation step ${index + 1}`}
                    onClick={() => patch({ escalation: draft.escalation.filter((_, i) => i !== index) })}
                  >
                    Remove
                  </button>
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
              issues={issues}
              disabled={disabled}
              value={draft.partyId}
              options={partyOptions}
              onChange={(partyId) => patch({ partyId })}
            />
            <SelectField
              label="To"
              path="toPartyId"
              issues={issues}
              disabled={disabled}
              value={draft.toPartyId ?? ''}
              options={[{ value: '', label: 'anyone' }, ...partyOptions]}
              onChange={(value) => patch({ toPartyId: value || undefined })}
            />
          </div>
          <TextField
            label="What is counted"
            path="itemLabel"
            issues={issues}
            disabled={disabled}
            value={draft.itemLabel}
            onInput={(itemLabel) => patch({ itemLabel })}
          />
          <div class="row">
            <NumberField
              label="At least"
              step={1}
              path="targetCount"
              issues={issues}
              disabled={disabled}
              value={draft.targetCount}
              onInput={(targetCount) => patch({ targetCount })}
            />
            <SelectField
              label="Per"
              path="period"
              issues={issues}
              disabled={disabled}
              value={draft.period}
              options={periodOptions}
              onChange={(period) => patch({ period: period as typeof draft.period })}
            />
          </div>
          <SelectField
            label="Pacing counts business days of"
            path="calendarId"
            issues={issues}
            disabled={disabled}
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
            issues={issues}
            disabled={disabled}
            value={draft.partyId}
            options={partyOptions}
            onChange={(partyId) => patch({ partyId })}
          />
          <TextField
            label="Activity"
            path="activity"
            issues={issues}
            disabled={disabled}
            value={draft.activity}
            onInput={(activity) => patch({ activity })}
          />
          <div class="row">
            <NumberField
              label="At least"
              step={1}
              path="targetCount"
              issues={issues}
              disabled={disabled}
              value={draft.targetCount}
              onInput={(targetCount) => patch({ targetCount })}
            />
            <SelectField
              label="Per"
              path="period"
              issues={issues}
              disabled={disabled}
              value={draft.period}
              options={periodOptions}
              onChange={(period) => patch({ period: period as typeof draft.period })}
            />
          </div>
        </>
      );
    case 'conversion':
      return (
        <>
          <SelectField
            label="Party"
            path="partyId"
            issues={issues}
            disabled={disabled}
            value={draft.partyId}
            options={partyOptions}
            onChange={(partyId) => patch({ partyId })}
          />
          <div class="row">
            <TextField
              label="From stage"
              path="fromStage"
              issues={issues}
              disabled={disabled}
              value={draft.fromStage}
              onInput={(fromStage) => patch({ fromStage })}
            />
            <TextField
              label="To stage"
              path="toStage"
              issues={issues}
              disabled={disabled}
              value={draft.toStage}
              onInput={(toStage) => patch({ toStage })}
            />
          </div>
          <div class="row">
            <SelectField
              label="Rate"
              path="comparison"
              issues={issues}
              disabled={disabled}
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
              issues={issues}
              disabled={disabled}
              value={draft.targetPercent}
              onInput={(targetPercent) => patch({ targetPercent })}
            />
            <SelectField
              label="Per"
              path="period"
              issues={issues}
              disabled={disabled}
              value={draft.period}
              options={periodOptions}
              onChange={(period) => patch({ period: period as typeof draft.period })}
            />
          </div>
        </>
      );
  }
}
