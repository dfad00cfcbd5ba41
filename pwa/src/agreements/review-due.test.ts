import { describe, expect, it } from 'vitest';
import { localDate, reviewDue } from './review-due';

describe('reviewDue', () => {
  it('tells an upcoming review from one due today and one past', () => {
    expect(reviewDue('2026-12-06', '2026-12-05')).toBe('upcoming');
    expect(reviewDue('2026-12-05', '2026-12-05')).toBe('today');
    expect(reviewDue('2026-11-30', '2026-12-05')).toBe('overdue');
  });

  it('reads today in the local calendar', () => {
    const nowMs = new Date(2026, 11, 5, 23, 30).getTime();
    expect(localDate(nowMs)).toBe('2026-12-05');
  });
});
