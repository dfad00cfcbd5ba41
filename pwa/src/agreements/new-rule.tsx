import type { Agreement, Rule } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { ruleKindLabels } from './rule-editor';

/** A starting rule of each kind, filled from the agreement's own parties and calendar. */
export function blankRule(kind: Rule['kind'], agreement: Agreement, id: string): Rule {
  const [first, second] = agreement.terms.parties;
  const from = first?.id ?? 'marketing';
  const to = second?.id ?? 'sdr';
  const calendarId = agreement.terms.calendars[0]?.id ?? 'office';
  const base = { id, version: 1, isEnabled: true };
  switch (kind) {
    case 'response':
      return {
        ...base,
        kind,
        name: 'New response rule',
        fromPartyId: from,
        toPartyId: to,
        calendarId,
        targetMinutes: 60,
        targetMinutesByPriority: {},
        warningPercents: [50, 80],
        stopOn: ['first_touch'],
        allowedPauseReasons: [],
        isResetOnReassign: false,
        escalation: [],
      };
    case 'volume':
      return {
        ...base,
        kind,
        name: 'New volume goal',
        partyId: from,
        toPartyId: to,
        itemLabel: 'MQL',
        targetCount: 100,
        period: 'month',
        calendarId,
      };
    case 'activity':
      return {
        ...base,
        kind,
        name: 'New activity goal',
        partyId: to,
        activity: 'call',
        targetCount: 50,
        period: 'week',
      };
    case 'conversion':
      return {
        ...base,
        kind,
        name: 'New conversion goal',
        partyId: to,
        fromStage: 'MQL',
        toStage: 'SQL',
        targetPercent: 60,
        comparison: 'at_least',
        period: 'month',
      };
  }
}

export function NewRule({
  agreement,
  onCreate,
}: {
  agreement: Agreement;
  onCreate: (rule: Rule) => WriteResult;
}) {
  const [kind, setKind] = useState<Rule['kind']>('response');
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="card row">
      <label>
        New rule of kind{' '}
        <select value={kind} onChange={(event) => setKind(event.currentTarget.value as Rule['kind'])}>
          {(Object.keys(ruleKindLabels) as Rule['kind'][]).map((item) => (
            <option key={item} value={item}>
              {ruleKindLabels[item]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        class="primary"
        onClick={() => {
          const result = onCreate(blankRule(kind, agreement, `rule-${Date.now().toString(36)}`));
          setError(result.ok ? null : result.message);
        }}
      >
        Add rule
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
