import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { encodeAwareness, encodeUpdate, parseClientMessage, readAwarenessUpdate } from './protocol.js';

function fromYProtocols(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('parseClientMessage', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hi');

  it('reads the sync messages y-protocols writes', () => {
    const step1 = fromYProtocols((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(parseClientMessage(step1)).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });
    const update = Y.encodeStateAsUpdate(doc);
    const step2 = fromYProtocols((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep2(e, doc);
    });
    expect(parseClientMessage(step2)).toMatchObject({ type: 'sync-step2' });
    expect(parseClientMessage(encodeUpdate(update))).toEqual({ type: 'update', update });
  });

  it('reads awareness and awareness queries', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ name: 'Ana' });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(parseClientMessage(encodeAwareness(update))).toEqual({ type: 'awareness', update });
    expect(parseClientMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' });
    awareness.destroy();
  });

  it('returns malformed for truncated, empty and unknown messages instead of throwing', () => {
    const full = encodeUpdate(Y.encodeStateAsUpdate(doc));
    for (let cut = 0; cut < full.length; cut++) {
      expect(parseClientMessage(full.subarray(0, cut)).type).toBe('malformed');
    }
    expect(parseClientMessage(new Uint8Array([9]))).toMatchObject({ type: 'malformed' });
    expect(parseClientMessage(new Uint8Array([0, 7, 0]))).toMatchObject({ type: 'malformed' });
  });
});

describe('readAwarenessUpdate', () => {
  it('names the client ids, measures the largest client state and rejects undecodable updates', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ note: 'x'.repeat(500) });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(readAwarenessUpdate(update)).toEqual({
      clientIds: [doc.clientID],
      largestStateBytes: JSON.stringify({ note: 'x'.repeat(500) }).length,
    });
    expect(readAwarenessUpdate(update.subarray(0, 10))).toBeNull();
    awareness.destroy();
  });
});
