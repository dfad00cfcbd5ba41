/** Defaults for the relay's limits; every one can be overridden by the relay's configuration. */
export const defaultRelayLimits = {
  /**
   * Largest single websocket message accepted, in bytes. Generous enough that a month's handoff
   * log (about 6 MiB for 10,000 handoffs) goes up as one first sync.
   */
  maxMessageBytes: 16 * 1024 * 1024,
  /**
   * Largest document a room holds, counted as the bytes stored for it (its snapshot and the
   * updates since). A month's handoff log of 10,000 handoffs, a large team's, is about 6 MiB, an
   * agreement a few hundred KiB: 32 MiB is five times the largest seen, and keeps one hostile
   * editor from making every member download hundreds of megabytes.
   */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** Largest awareness state of one client, in bytes. */
  maxAwarenessBytes: 64 * 1024,
  /** Messages per second per connection (token bucket, burst of twice this). */
  maxMessagesPerSecond: 200,
  /** Connections from one IP that have not yet authenticated. */
  maxPendingConnectionsPerIp: 20,
  /** Bytes queued for a client that is not reading before it is disconnected. */
  maxSendBufferBytes: 16 * 1024 * 1024,
} as const;

export type RelayLimits = { -readonly [K in keyof typeof defaultRelayLimits]: number };
