import type { EscalationTarget } from '@pactline/shared';
import { useEffect, useState } from 'preact/hooks';
import { TextField } from '../ui/fields';
import type { FieldIssues } from '../ui/validation';

/**
 * Rule fields typed as text (thresholds, per-priority targets, whom to notify): what is typed is
 * kept as typed, parsed on every keystroke, and anything unreadable becomes a value the rule
 * schema rejects with its own message, so the form never swallows a typo.
 */

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

export function NumberListField(props: {
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

export function PriorityTargets(props: {
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

export function NotifyField(props: {
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
