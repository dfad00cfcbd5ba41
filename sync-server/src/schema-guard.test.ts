import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { latestSchemaVersion, schemaRefusal } from './schema-guard.js';

const updateOf = (doc: Y.Doc, write: (doc: Y.Doc) => void) => {
  const before = Y.encodeStateVector(doc);
  write(doc);
  return Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before));
};

describe('the relay schema guard', () => {
  it('knows the versions of this release for every kind of room', () => {
    for (const kind of ['agreement', 'directory', 'handoffs'] as const)
      expect(latestSchemaVersion(kind)).toBeGreaterThanOrEqual(1);
  });

  it('takes the versions it knows and refuses a jump past them, wherever it hides in the update', () => {
    const doc = new Y.Doc();
    expect(
      schemaRefusal(
        updateOf(doc, (d) => d.getMap('schema').set('v1', true)),
        1,
      ),
    ).toBeNull();
    // Rewriting a known key, or a key readers ignore, moves no version.
    expect(
      schemaRefusal(
        updateOf(doc, (d) => d.getMap('schema').set('v1', false)),
        1,
      ),
    ).toBeNull();
    expect(
      schemaRefusal(
        updateOf(doc, (d) => d.getMap('schema').set('note', 'x')),
        1,
      ),
    ).toBeNull();
    const jump = updateOf(doc, (d) =>
      d.transact(() => {
        d.getText('summary').insert(0, 'innocent text first');
        d.getMap('schema').set('v999999', true);
      }),
    );
    expect(schemaRefusal(jump, 1)).toBe('schema version 999999 is unknown to this relay (latest 1)');
    // A same-named key inside another map is not the schema.
    expect(
      schemaRefusal(
        updateOf(doc, (d) => d.getMap('settings').set('v5', true)),
        1,
      ),
    ).toBeNull();
  });
});
