import type { WriteResult } from '@pactline/shared/doc';

/**
 * A form's submit handler: a draft the schema rejects is never saved (its messages are already on
 * screen); a valid one is saved, and the store's answer goes to `onSaved` or `onRefused`.
 */
export function saveOnSubmit<T>(
  validation: { success: true; data: T } | { success: false },
  onSave: (value: T) => WriteResult,
  { onSaved, onRefused }: { onSaved: () => void; onRefused: (message: string) => void },
): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    if (!validation.success) return;
    const result = onSave(validation.data);
    if (result.ok) onSaved();
    else onRefused(result.message);
  };
}
