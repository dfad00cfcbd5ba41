import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay.js';

describe('reconnect delay', () => {
  it('doubles per attempt up to the cap, between half and all of the capped delay', () => {
    const backoff = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 9].map((attempt) => reconnectDelayMs(attempt, () => 1, backoff))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => reconnectDelayMs(attempt, () => 0, backoff))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });

  it('spreads clients that drop at the same moment over the window', () => {
    const randoms = [0.01, 0.3, 0.55, 0.8, 0.99];
    const delays = randoms.map((value) =>
      reconnectDelayMs(4, () => value, { initialMs: 500, maxMs: 30_000 }),
    );
    expect(new Set(delays).size).toBe(randoms.length);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4_000);
  });

  it('stays within bounds for any attempt and any random source, even a broken one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ noNaN: true }), (attempt, value) => {
        const delay = reconnectDelayMs(attempt, () => value, { initialMs: 250, maxMs: 20_000 });
        expect(delay).toBeGreaterThanOrEqual(125);
        expect(delay).toBeLessThanOrEqual(20_000);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
