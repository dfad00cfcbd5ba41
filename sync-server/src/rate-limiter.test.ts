import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('allows a burst, refuses beyond it, and refills at the rate', () => {
    const bucket = new TokenBucket(10, 20, 0);
    const allowed = Array.from({ length: 25 }, () => bucket.take(0)).filter(Boolean).length;
    expect(allowed).toBe(20);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('never saves more than the burst however long it was idle', () => {
    const bucket = new TokenBucket(10, 5, 0);
    const allowed = Array.from({ length: 10 }, () => bucket.take(3_600_000)).filter(Boolean).length;
    expect(allowed).toBe(5);
  });
});
