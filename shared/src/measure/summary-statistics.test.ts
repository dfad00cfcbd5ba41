import { describe, expect, it } from 'vitest';
import { mean, median, percentile } from './summary-statistics.js';

describe('summary statistics', () => {
  it('averages, takes the middle of an even count, and gives null for nothing', () => {
    expect(mean([1, 2, 3, 10])).toBe(4);
    expect(median([10, 1, 3, 2])).toBe(2.5);
    expect(median([7, 1, 3])).toBe(3);
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
  });

  it('takes the 90th percentile by nearest rank, always an observed value', () => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(percentile([30, 90, 10], 90)).toBe(90);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });
});
