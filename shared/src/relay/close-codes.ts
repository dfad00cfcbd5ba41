/**
 * WebSocket close codes the relay uses. 4xxx codes mirror the HTTP status they correspond to, so a
 * client can tell "get a new token" (4401) from "wrong workspace" (4403) without parsing reasons.
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /** RFC 6455: the message was too big to process. */
  messageTooBig: 1009,
  internalError: 1011,
  unauthorized: 4401,
  forbidden: 4403,
  /** The client's send buffer grew past the limit: it is not reading fast enough. */
  slowConsumer: 4408,
  /** Too many messages per second from this connection. */
  rateLimited: 4429,
  /** A malformed protocol message that cannot be decoded. */
  badMessage: 4400,
  /** The update would take the document past the relay's size limit; it was not stored. */
  documentTooBig: 4413,
  /**
   * The update removes or changes an entry of an append-only log (the handoff log); it was not
   * stored. Sending it again would be refused again, so the connector stops and says why.
   */
  appendOnly: 4409,
  /**
   * The relay could not store the update (its document store is unavailable: the database is
   * down, the disk is full). It was neither stored nor relayed; the client keeps it and sends it
   * again when it reconnects, with its usual backoff.
   */
  storeUnavailable: 4503,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
