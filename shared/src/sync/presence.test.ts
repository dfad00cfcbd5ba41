import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { colorForUser, readPeers, setLocalPresence } from './presence.js';

describe('presence', () => {
  it('shares the local user and lists valid peers only', () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    const hostile = new Awareness(new Y.Doc());
    expect(setLocalPresence(theirs, { name: 'Ana', color: colorForUser('ana'), userId: 'ana' })).toEqual({
      ok: true,
    });
    hostile.setLocalStateField('user', { name: '', color: 'javascript:alert(1)' });
    for (const source of [theirs, hostile]) {
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(source, [source.clientID]), 'remote');
    }
    expect(readPeers(mine)).toEqual([
      { clientId: theirs.clientID, user: { name: 'Ana', color: colorForUser('ana'), userId: 'ana' } },
    ]);
    for (const awareness of [mine, theirs, hostile]) awareness.destroy();
  });

  it('refuses an invalid local user and keeps the previous one', () => {
    const awareness = new Awareness(new Y.Doc());
    setLocalPresence(awareness, { name: 'Sam', color: '#112233' });
    expect(setLocalPresence(awareness, { name: 'Sam', color: 'red' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(awareness.getLocalState()).toEqual({ user: { name: 'Sam', color: '#112233' } });
    awareness.destroy();
  });

  it('gives a user the same colour everywhere', () => {
    expect(colorForUser('ana')).toBe(colorForUser('ana'));
    expect(colorForUser('ana')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
