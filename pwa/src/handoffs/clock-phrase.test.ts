import { describe, expect, it } from 'vitest';
import { clockPhrase } from './clock-phrase';

const hourMs = 3_600_000;
const open = { isOpen: true, state: 'running', stopEvent: null, targetMs: 8 * hourMs } as const;
const touch = { id: 'touch-1', handoffId: 'h', atMs: 0, byUserId: 'sam', type: 'first_touch' } as const;

describe('clockPhrase', () => {
  it('counts down while the clock runs', () => {
    expect(
      clockPhrase({ ...open, elapsedMs: 7 * hourMs - 65 * 60_000, remainingMs: hourMs + 65 * 60_000 }),
    ).toBe('2:05:00 left');
  });

  it('says how far over an open clock is once breached, never a signed countdown', () => {
    const overMs = 26 * hourMs + 2 * 60_000 + 25_000;
    const phrase = clockPhrase({
      ...open,
      state: 'breached',
      elapsedMs: 8 * hourMs + overMs,
      remainingMs: -overMs,
    });
    expect(phrase).toBe('over by 26:02:25');
  });

  it('states a met clock as the response time against the goal, not as time left', () => {
    const met = {
      ...open,
      isOpen: false,
      state: 'met',
      stopEvent: touch,
      elapsedMs: 3 * hourMs,
      remainingMs: 5 * hourMs,
    } as const;
    expect(clockPhrase(met)).toBe('met in 3 h 00 min of 8 h 00 min');
  });

  it('tells a late answer from a breach nobody answered', () => {
    const closed = {
      ...open,
      isOpen: false,
      state: 'breached',
      elapsedMs: 9 * hourMs,
      remainingMs: -hourMs,
    } as const;
    expect(clockPhrase({ ...closed, stopEvent: touch })).toBe(
      'answered in 9 h 00 min, over the 8 h 00 min goal',
    );
    expect(clockPhrase({ ...closed, elapsedMs: 8 * hourMs, remainingMs: 0 })).toBe(
      'no response within 8 h 00 min',
    );
  });
});
