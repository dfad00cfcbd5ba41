import type { ComponentChildren } from 'preact';

/** Removes one entry of a list being edited; `label` names the entry for screen readers. */
export function RemoveButton(props: { label: string; onClick: () => void; children?: ComponentChildren }) {
  return (
    <button type="button" class="ghost" aria-label={props.label} onClick={props.onClick}>
      {props.children ?? 'Remove'}
    </button>
  );
}
