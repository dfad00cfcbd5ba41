/**
 * The flags Node runs the relay with; every way of starting it (`pnpm start`, the root start
 * command, the tests' relay process) passes these, and the relay warns at startup when one is
 * missing.
 *
 * - `--expose-gc`: lets the relay run a full collection once documents are unloaded
 *   (`memory-release.ts`).
 * - `--max-semi-space-size=4`: caps V8's young generation at 4 MB per semi-space instead of 16 MB.
 *   The relay's allocations are short-lived messages, so the larger nursery buys little, and V8
 *   never shrinks it again once grown: with 16 MB an idle relay kept about 30 MB more heap after a
 *   burst of documents than it needed (measured in `pnpm bench relay`).
 */
export const relayNodeFlags = ['--expose-gc', '--max-semi-space-size=4'] as const;

/** The flags from `relayNodeFlags` that `execArgv` (the running process's) lacks. */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  return relayNodeFlags.filter((flag) => !execArgv.includes(flag));
}
