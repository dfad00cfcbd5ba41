import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { type FieldIssues, issuesUnder, numberFromInput } from './validation';

/** Labelled inputs that show the schema's messages for their path, announced to screen readers. */

function Messages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} class="error field-error" role="alert">
      {messages.join('; ')}
    </p>
  );
}

/** The ids an input's aria-describedby names: only those on the page, or none at all. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return present.length === 0 ? undefined : present.join(' ');
}

type Base = { label: string; path: string; issues: FieldIssues; disabled?: boolean; hint?: string };

export function TextField(
  props: Base & { value: string; onInput: (value: string) => void; multiline?: boolean },
) {
  const id = useId();
  const messages = issuesUnder(props.issues, props.path);
  const shared = {
    id,
    name: props.path,
    value: props.value,
    disabled: props.disabled,
    'aria-invalid': messages.length > 0,
    'aria-describedby': describedBy(props.hint && `${id}-hint`, messages.length > 0 && `${id}-error`),
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...shared} rows={3} onInput={(event) => props.onInput(event.currentTarget.value)} />
      ) : (
        <input {...shared} onInput={(event) => props.onInput(event.currentTarget.value)} />
      )}
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      <Messages id={`${id}-error`} messages={messages} />
    </div>
  );
}

export function NumberField(
  props: Base & { value: number; onInput: (value: number) => void; step?: number },
) {
  const id = useId();
  const messages = issuesUnder(props.issues, props.path);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.path}
        type="number"
        inputMode="decimal"
        step={props.step ?? 'any'}
        value={Number.isNaN(props.value) ? '' : props.value}
        disabled={props.disabled}
        aria-invalid={messages.length > 0}
        aria-describedby={describedBy(props.hint && `${id}-hint`, messages.length > 0 && `${id}-error`)}
        onInput={(event) => props.onInput(numberFromInput(event.currentTarget.value))}
      />
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      <Messages id={`${id}-error`} messages={messages} />
    </div>
  );
}

export function SelectField(
  props: Base & {
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
  },
) {
  const id = useId();
  const messages = issuesUnder(props.issues, props.path);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.path}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={messages.length > 0}
        aria-describedby={describedBy(messages.length > 0 && `${id}-error`)}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Messages id={`${id}-error`} messages={messages} />
    </div>
  );
}

export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  name?: string;
}) {
  return (
    <label class="checkbox">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

export function FormIssues({ issues, paths }: { issues: FieldIssues; paths: readonly string[] }) {
  // Messages not shown beside a field (e.g. on the object as a whole) are listed here.
  const rest: string[] = [];
  for (const [key, messages] of issues) {
    if (!paths.some((path) => key === path || key.startsWith(`${path}.`))) rest.push(...messages);
  }
  if (rest.length === 0) return null;
  return (
    <p class="error" role="alert">
      {rest.join('; ')}
    </p>
  );
}

/** The messages for a group of inputs (a fieldset, a row of a table) under one schema path. */
export function GroupIssues({ issues, path }: { issues: FieldIssues; path: string }) {
  const messages = issuesUnder(issues, path);
  if (messages.length === 0) return null;
  return (
    <p class="error" role="alert">
      {messages.join('; ')}
    </p>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ComponentChildren }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
