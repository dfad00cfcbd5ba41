import { localDate, reviewDue, reviewDueLabels } from './review-due';

/** A visible sign when an agreement's review is due today or overdue; nothing before. */
export function ReviewDueNote({ nextReviewDate }: { nextReviewDate: string }) {
  const due = reviewDue(nextReviewDate, localDate(Date.now()));
  const label = reviewDueLabels[due];
  if (label === null) return null;
  return (
    <span class={due === 'overdue' ? 'pill bad' : 'pill warning'} data-review-due={due}>
      {label}
    </span>
  );
}
