/**
 * mulberry32: a 32-bit seeded generator small enough to own. The demo history and the benchmarks
 * need repeatable numbers, not statistical quality, and no dependency of the scripts offers seeding.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
