import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Acknowledgements } from './acknowledgements.js';

/** The relay's side, as y-websocket's server answers a sync step 1: the update the asker lacks. */
function answer(server: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return Y.encodeStateAsUpdate(server, stateVector);
}

function setup() {
  const client = new Y.Doc();
  const server = new Y.Doc();
  const acknowledgements = new Acknowledgements(client);
  client.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'server') acknowledgements.noteLocalUpdate(update);
  });
  const deliver = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  return { client, server, acknowledgements, deliver };
}

describe('acknowledgement of local changes', () => {
  it('counts changes made before any contact with the relay as unsent', () => {
    const { client, acknowledgements } = setup();
    expect(acknowledgements.hasUnsent()).toBe(false);
    client.getText('t').insert(0, 'offline');
    expect(acknowledgements.hasUnsent()).toBe(true);
  });

  it('confirms changes once the relay answers a probe with them, and not before', () => {
    const { client, server, acknowledgements, deliver } = setup();
    client.getText('t').insert(0, 'hello');
    acknowledgements.noteServerStateVector(Y.encodeStateVector(server));
    expect(acknowledgements.hasUnsent()).toBe(true);
    // The relay has not received them yet: its answer cannot confirm them.
    acknowledgements.noteServerUpdate(answer(server, acknowledgements.probeStateVector()), true);
    expect(acknowledgements.hasUnsent()).toBe(true);
    deliver();
    acknowledgements.noteServerUpdate(answer(server, acknowledgements.probeStateVector()), true);
    expect(acknowledgements.hasUnsent()).toBe(false);
  });

  it('learns from the relay state vector on connection that earlier changes arrived', () => {
    const { client, server, acknowledgements, deliver } = setup();
    client.getMap('m').set('a', 1);
    deliver();
    acknowledgements.noteServerStateVector(Y.encodeStateVector(server));
    expect(acknowledgements.hasUnsent()).toBe(false);
  });

  it('tracks deletions, which do not move the state vector, until the relay has them', () => {
    const { client, server, acknowledgements, deliver } = setup();
    client.getText('t').insert(0, 'hello world');
    deliver();
    acknowledgements.noteServerStateVector(Y.encodeStateVector(server));
    expect(acknowledgements.hasUnsent()).toBe(false);
    client.getText('t').delete(0, 6);
    expect(acknowledgements.hasUnsent()).toBe(true);
    acknowledgements.noteServerUpdate(answer(server, acknowledgements.probeStateVector()), true);
    expect(acknowledgements.hasUnsent()).toBe(true);
    deliver();
    acknowledgements.noteServerUpdate(answer(server, acknowledgements.probeStateVector()), true);
    expect(acknowledgements.hasUnsent()).toBe(false);
  });

  it('asks only for the unconfirmed changes, so the answer is about their size', () => {
    const { client, server, acknowledgements, deliver } = setup();
    const text = client.getText('t');
    text.insert(0, 'x'.repeat(20_000));
    deliver();
    acknowledgements.noteServerStateVector(Y.encodeStateVector(server));
    text.insert(0, 'new words');
    deliver();
    const probeAnswer = answer(server, acknowledgements.probeStateVector());
    expect(probeAnswer.length).toBeLessThan(100);
    acknowledgements.noteServerUpdate(probeAnswer, true);
    expect(acknowledgements.hasUnsent()).toBe(false);
  });

  it('ignores other clients’ structs when judging its own', () => {
    const { client, server, acknowledgements } = setup();
    const other = new Y.Doc();
    other.getMap('m').set('b', 2);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server), 'server');
    acknowledgements.noteServerStateVector(Y.encodeStateVector(server));
    expect(acknowledgements.hasUnsent()).toBe(false);
    client.getMap('m').set('c', 3);
    acknowledgements.noteServerUpdate(Y.encodeStateAsUpdate(other), false);
    expect(acknowledgements.hasUnsent()).toBe(true);
  });
});
