/**
 * Delay before reconnect attempt `attempt` (1 for the first retry): exponential growth capped at
 * `maxMs`, with "equal jitter": half of the capped delay is fixed and half random. Many clients
 * dropped by one relay restart therefore spread their reconnects over time instead of arriving
 * together (y-websocket's own backoff has no jitter), while none retries immediately.
 */
export type BackoffOptions = { initialMs: number; maxMs: number };

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

export function reconnectDelayMs(
  attempt: number,
  random: () => number,
  backoff: BackoffOptions = defaultBackoff,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const cappedMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.round(cappedMs / 2 + (cappedMs / 2) * unit);
}
