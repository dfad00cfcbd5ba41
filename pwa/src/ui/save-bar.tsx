import type { ComponentChildren } from 'preact';

/**
 * The actions under an editable form: save (only when there is a valid change), discard the
 * change, and whatever else the form offers after them (remove, a saved notice).
 */
export function SaveBar(props: {
  label: string;
  isDirty: boolean;
  isValid: boolean;
  onDiscard: () => void;
  children?: ComponentChildren;
}) {
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={!props.isDirty || !props.isValid}>
        {props.label}
      </button>
      {props.isDirty && (
        <button type="button" class="ghost" onClick={props.onDiscard}>
          Discard changes
        </button>
      )}
      {props.children}
    </div>
  );
}
