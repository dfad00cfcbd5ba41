import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryReleaser, type MemoryRelease } from './memory-release.js';

describe('memory release after rooms unload', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = (collect: (() => void) | null = vi.fn()) => {
    const releases: MemoryRelease[] = [];
    const releaser = createMemoryReleaser({
      collect,
      quietMs: 1000,
      maxWaitMs: 10_000,
      minIntervalMs: 5000,
      minUnloaded: 256,
      nowMs: Date.now,
      onRelease: (release) => releases.push(release),
    });
    return { releaser, releases, collect };
  };

  it('collects once, when a burst of unloads that leaves no room loaded has been quiet for a second', () => {
    const { releaser, releases, collect } = setup();
    for (let loaded = 49; loaded >= 0; loaded--) {
      releaser.roomUnloaded(loaded);
      vi.advanceTimersByTime(100);
    }
    // The burst lasted 5 s; the quiet second started with its last unload.
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(899);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(releases).toHaveLength(1);
    expect(releases[0]?.roomsUnloaded).toBe(50);
    expect(releases[0]?.heapAfterBytes).toBeGreaterThan(0);
  });

  it('leaves a busy relay alone until four times as many rooms were unloaded as remain loaded', () => {
    const { releaser, collect } = setup();
    // 3,999 unloads while 1,000 rooms stay loaded: a collection would pause a busy relay.
    for (let i = 0; i < 3999; i++) releaser.roomUnloaded(1000);
    vi.advanceTimersByTime(60_000);
    expect(collect).not.toHaveBeenCalled();
    releaser.roomUnloaded(1000);
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('needs at least minUnloaded rooms while others stay loaded', () => {
    const { releaser, collect } = setup();
    for (let i = 0; i < 255; i++) releaser.roomUnloaded(30);
    vi.advanceTimersByTime(60_000);
    expect(collect).not.toHaveBeenCalled();
    releaser.roomUnloaded(30);
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects within maxWaitMs under steady churn, and never more often than every minIntervalMs', () => {
    const churn = setup();
    // A room unloads every half second for 25 s: never a quiet second.
    for (let t = 0; t < 25_000; t += 500) {
      churn.releaser.roomUnloaded(0);
      vi.advanceTimersByTime(500);
    }
    // Collections at 10 s and 20 s (each after waiting its 10 s at most).
    expect(churn.collect).toHaveBeenCalledTimes(2);

    const flapping = setup();
    // A room flapping every two seconds: each unload is followed by a quiet second.
    for (let t = 0; t < 20_000; t += 2000) {
      flapping.releaser.roomUnloaded(0);
      vi.advanceTimersByTime(2000);
    }
    // 1 s, then no sooner than 5 s after each: 6 s, 11 s (unload at 10 s), 16 s (unload at 14 s).
    expect(flapping.collect).toHaveBeenCalledTimes(4);
  });

  it('does nothing without a collector, and a stopped releaser never fires', () => {
    const none = setup(null);
    none.releaser.roomUnloaded(0);
    vi.advanceTimersByTime(60_000);
    expect(none.releases).toHaveLength(0);

    const stopped = setup();
    stopped.releaser.roomUnloaded(0);
    stopped.releaser.stop();
    vi.advanceTimersByTime(60_000);
    expect(stopped.collect).not.toHaveBeenCalled();
  });

  it('reports a collection that throws and keeps going', () => {
    const errors: unknown[] = [];
    let calls = 0;
    const releaser = createMemoryReleaser({
      collect: () => {
        calls++;
        if (calls === 1) throw new Error('no heap today');
      },
      quietMs: 1000,
      maxWaitMs: 10_000,
      minIntervalMs: 5000,
      minUnloaded: 256,
      nowMs: Date.now,
      onError: (error) => errors.push(error),
    });
    releaser.roomUnloaded(0);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(errors).toEqual([new Error('no heap today')]);
    releaser.roomUnloaded(0);
    vi.advanceTimersByTime(5000);
    expect(calls).toBe(2);
  });
});
