/** How a next review date (`yyyy-mm-dd`) stands against today's local date. */
export type ReviewDue = 'upcoming' | 'today' | 'overdue';

export function reviewDue(nextReviewDate: string, todayDate: string): ReviewDue {
  // ISO calendar dates compare as strings.
  if (nextReviewDate < todayDate) return 'overdue';
  return nextReviewDate === todayDate ? 'today' : 'upcoming';
}

/** Today's date in the viewer's time zone, as `yyyy-mm-dd`. */
export function localDate(nowMs: number): string {
  const now = new Date(nowMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const reviewDueLabels: Record<ReviewDue, string | null> = {
  upcoming: null,
  today: 'Review due today',
  overdue: 'Review overdue',
};
