import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The y-websocket wire format: a varuint message type, then for sync messages a varuint sync step
 * and a length-prefixed payload, and for awareness messages a length-prefixed awareness update.
 * Parsing never throws: a message that cannot be decoded is a value with `type: 'malformed'`.
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }
  | { type: 'malformed'; reason: string };

export function parseClientMessage(bytes: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) return { type: 'sync-step1', stateVector: payload };
        if (step === SyncStep.step2) return { type: 'sync-step2', update: payload };
        if (step === SyncStep.update) return { type: 'update', update: payload };
        return { type: 'malformed', reason: `unknown sync step ${step}` };
      }
      case MessageType.awareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MessageType.queryAwareness:
        return { type: 'query-awareness' };
      case MessageType.auth:
        return { type: 'auth' };
      default:
        return { type: 'malformed', reason: `unknown message type ${messageType}` };
    }
  } catch {
    return { type: 'malformed', reason: 'truncated message' };
  }
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SyncStep.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SyncStep.step2, update);
export const encodeUpdate = (update: Uint8Array) => encodeSync(SyncStep.update, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * What an awareness update touches, read in one pass: the client ids it sets or removes and the
 * largest client state (its JSON, in bytes); `null` when it cannot be decoded. Lets the relay
 * refuse oversize presence, and presence for another connection's clients, before it is parsed
 * and broadcast.
 */
export function readAwarenessUpdate(
  update: Uint8Array,
): { clientIds: number[]; largestStateBytes: number } | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const clientIds: number[] = [];
    let largestStateBytes = 0;
    for (let i = 0; i < count; i++) {
      clientIds.push(decoding.readVarUint(decoder));
      decoding.readVarUint(decoder);
      largestStateBytes = Math.max(largestStateBytes, decoding.readVarUint8Array(decoder).length);
    }
    return { clientIds, largestStateBytes };
  } catch {
    return null;
  }
}
