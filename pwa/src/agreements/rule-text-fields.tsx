import { useEffect, useState } from 'preact/hooks';
import { TextField } from '../ui/fields';
import type { FieldIssues } from '../ui/validation';

/**
 * Rule fields typed as text (thresholds, per-priority targets): what is typed is
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

type FieldProps<T> = {
  label: string;
  hint?: string;
  path: string;
  issues: FieldIssues;
  disabled: boolean;
  value: T;
  onChange: (value: T) => void;
};

/** A text field that hands on the parsed value of every keystroke and keeps the text as typed. */
function ParsedTextField<T>({
  value,
  onChange,
  parse,
  format,
  ...field
}: FieldProps<T> & { parse: (text: string) => T; format: (value: T) => string }) {
  const [text, setText] = useParsedText(value, parse, format);
  return (
    <TextField
      {...field}
      value={text}
      onInput={(typed) => {
        setText(typed);
        onChange(parse(typed));
      }}
    />
  );
}

export function NumberListField(props: FieldProps<number[]>) {
  return <ParsedTextField {...props} parse={parseNumberList} format={(value) => value.join(', ')} />;
}

export function PriorityTargets(props: Omit<FieldProps<Record<string, number>>, 'label' | 'hint' | 'path'>) {
  return (
    <ParsedTextField
      label="Targets per priority (minutes)"
      hint="e.g. hot=15, warm=240"
      path="targetMinutesByPriority"
      {...props}
      parse={parsePriorityTargets}
      format={formatPriorityTargets}
    />
  );
}
