import { describe, expect, it } from 'vitest';
import { minutesAxisRange } from './dashboard-format';

describe('the response charts’ vertical range', () => {
  it('starts at zero with room above the largest value, so a lone point sits inside the plot', () => {
    const [min, max] = minutesAxisRange(240);
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(240);
  });

  it('still has a height when every value is zero or missing', () => {
    expect(minutesAxisRange(0)).toEqual([0, 1]);
    expect(minutesAxisRange(null)).toEqual([0, 1]);
    expect(minutesAxisRange(Number.NaN)).toEqual([0, 1]);
  });
});
