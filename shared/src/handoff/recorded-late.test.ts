import { describe, expect, it } from 'vitest';
import { lateAfterMs, recordedLateByMs } from './recorded-late.js';

describe('recordedLateByMs', () => {
  const atMs = Date.UTC(2026, 11, 7, 9);

  it('is null for an entry the relay received within the hour, or whose receipt is not known', () => {
    expect(recordedLateByMs(atMs, atMs + 2_000)).toBeNull();
    expect(recordedLateByMs(atMs, atMs + lateAfterMs)).toBeNull();
    expect(recordedLateByMs(atMs, undefined)).toBeNull();
    // A clock ahead of the relay's: received "before" it happened, not late.
    expect(recordedLateByMs(atMs, atMs - 60_000)).toBeNull();
  });

  it('says how late an entry reached the relay past the hour: a first touch backdated three hours', () => {
    expect(recordedLateByMs(atMs, atMs + lateAfterMs + 1)).toBe(lateAfterMs + 1);
    expect(recordedLateByMs(atMs - 3 * 3_600_000, atMs)).toBe(3 * 3_600_000);
  });
});
