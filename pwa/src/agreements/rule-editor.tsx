import {
  type CalendarDefinition,
  type EscalationTarget,
  type Party,
  type Rule,
  ruleSchema,
  stopEventSchema,
} from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useEffect, useState } from 'preact/hooks';
import { CheckboxField, Fieldset, FormIssues, NumberField, SelectField, TextField } from '../ui/fields';
import { useDraft } from '../ui/use-draft';
import { type FieldIssues, issuesByPath, issuesUnder } from '../ui/validation';

type Props = {
  rule: Rule;
  parties: readonly Party[];
  calendars: readonly CalendarDefinition[];
  isReadOnly: boolean;
  onSave: (rule: Rule) => WriteResult;
  onRemove?: () => void;
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
export const ruleKindLabels: Record<Rule['kind'], string> = {
  response: 'Response time',
  volume: 'Volume',
  activity: 'Activity',
  conversion: 'Conversion rate',
};

/** Comma- or space-separated numbers; anything unreadable becomes NaN so the schema reports it. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part.length > 0)
    .map((part) => Number(part.replace('%', '')));
}

/** `hot=15, warm=240` ⇄ { hot: 15, warm: 240 } */
export function parsePriorityTargets(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,\n]+/)) {
    const [key, value] = part.split('=').map((piece) => piece.trim());
    if (key) out[key] = value === undefined || value === '' ? Number.NaN : Number(value);
  }
  return out;
}
export function formatPriorityTargets(targets: Record<string, number>): string {
  return Object.entries(targets)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

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

/** `sender, receiver, party:sdr, user:ana` */
export function parseTargets(text: string): EscalationTarget[] {
  return text
    .split(/[,\s]+/)
    .filter((part) => part.length > 0)
    .map((part): EscalationTarget => {
      if (part === 'sender' || part === 'receiver') return { kind: part };
      const [kind, id] = part.split(':');
      if (kind === 'user') return { kind: 'user', userId: id ?? '' };
      return { kind: 'party', partyId: (kind === 'party' ? id : part) ?? '' };
    });
}
export function formatTargets(targets: readonly EscalationTarget[]): string {
  return targets
    .map((target) =>
      target.kind === 'party'
        ? `party:${target.partyId}`
        : target.kind === 'user'
          ? `user:${target.userId}`
          : target.kind,
    )
    .join(', ');
}

export function RuleEditor({ rule, parties, calendars, isReadOnly, onSave, onRemove }: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft<Rule>(rule);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const validation = ruleSchema.safeParse(draft);
  const issues = issuesByPath(validation);
  const partyOptions = parties.map((party) => ({ value: party.id, label: party.name }));
  const calendarOptions = calendars.map((calendar) => ({ value: calendar.id, label: calendar.name }));
  const disabled = isReadOnly;
  const patch = (change: Partial<Rule>) => setDraft({ ...draft, ...change } as Rule);

  const save = (event: Event) => {
    event.preventDefault();
    if (!validation.success) return;
    const result = onSave(validation.data);
    if (result.ok) {
      setSaveError(null);
      setSavedAt(Date.now());
      reset();
    } else setSaveError(result.message);
  };

  const fieldPaths = ['name', 'description', 'isEnabled'];
  let kindFields = null;
  switch (draft.kind) {
    case 'response': {
      fieldPaths.push(
        'fromPartyId',
        'toPartyId',
        'calendarId',
        'targetMinutes',
        'targetMinutesByPriority',
        'warningPercents',
        'stopOn',
        'allowedPauseReasons',
        'escalation',
      );
      kindFields = (
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
      break;
    }
    case 'volume':
      fieldPaths.push('partyId', 'toPartyId', 'itemLabel', 'targetCount', 'period', 'calendarId');
      kindFields = (
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
      break;
    case 'activity':
      fieldPaths.push('partyId', 'activity', 'targetCount', 'period');
      kindFields = (
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
      break;
    case 'conversion':
      fieldPaths.push('partyId', 'fromStage', 'toStage', 'targetPercent', 'comparison', 'period');
      kindFields = (
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
      break;
  }

  return (
    <form class="card form rule-editor" data-rule={rule.id} aria-label={`Rule ${rule.name}`} onSubmit={save}>
      <div class="screen-head">
        <h3>
          {rule.name} <span class="pill">{ruleKindLabels[rule.kind]}</span>
        </h3>
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
      {kindFields}
      <FormIssues issues={issues} paths={fieldPaths} />
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      {!isReadOnly && (
        <div class="actions">
          <button type="submit" class="primary" disabled={!isDirty || !validation.success}>
            Save rule
          </button>
          {isDirty && (
            <button type="button" class="ghost" onClick={reset}>
              Discard changes
            </button>
          )}
          {onRemove && !isDirty && (
            <button type="button" class="ghost danger" onClick={onRemove}>
              Delete rule
            </button>
          )}
          {savedAt !== null && !isDirty && <span role="status">Saved</span>}
        </div>
      )}
    </form>
  );
}

/**
 * A text input for a structured value: the text is what the user typed; when the value changes
 * from elsewhere (a collaborator's save) and no longer matches the text, the text follows it.
 */
function useParsedText<T>(value: T, parse: (text: string) => T, format: (value: T) => string) {
  const [text, setText] = useState(() => format(value));
  const valueKey = JSON.stringify(value);
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== valueKey) setText(format(value));
  }, [valueKey]);
  return [text, setText] as const;
}

function NumberListField(props: {
  label: string;
  path: string;
  issues: FieldIssues;
  disabled: boolean;
  value: number[];
  onChange: (value: number[]) => void;
}) {
  const [text, setText] = useParsedText(props.value, parseNumberList, (value) => value.join(', '));
  return (
    <TextField
      label={props.label}
      path={props.path}
      issues={props.issues}
      disabled={props.disabled}
      value={text}
      onInput={(value) => {
        setText(value);
        props.onChange(parseNumberList(value));
      }}
    />
  );
}

function PriorityTargets(props: {
  value: Record<string, number>;
  issues: FieldIssues;
  disabled: boolean;
  onChange: (value: Record<string, number>) => void;
}) {
  const [text, setText] = useParsedText(props.value, parsePriorityTargets, formatPriorityTargets);
  return (
    <TextField
      label="Targets per priority (minutes)"
      hint="e.g. hot=15, warm=240"
      path="targetMinutesByPriority"
      issues={props.issues}
      disabled={props.disabled}
      value={text}
      onInput={(value) => {
        setText(value);
        props.onChange(parsePriorityTargets(value));
      }}
    />
  );
}

function NotifyField(props: {
  path: string;
  hint: string;
  issues: FieldIssues;
  disabled: boolean;
  value: EscalationTarget[];
  onChange: (value: EscalationTarget[]) => void;
}) {
  const [text, setText] = useParsedText(props.value, parseTargets, formatTargets);
  return (
    <TextField
      label="Notify"
      hint={`${props.hint} (sender, receiver, party:<id>, user:<id>)`}
      path={props.path}
      issues={props.issues}
      disabled={props.disabled}
      value={text}
      onInput={(value) => {
        setText(value);
        props.onChange(parseTargets(value));
      }}
    />
  );
}
