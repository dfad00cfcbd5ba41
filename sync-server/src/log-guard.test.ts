import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { logRefusal } from './log-guard.js';

const entry = (id: string, extra: object = {}) => ({
  id,
  handoffId: 'h1',
  atMs: 1_000,
  byUserId: 'sam',
  ...extra,
});

/** The relay's document of a month with two handoffs and an event. */
function relayDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('schema').set('v1', true);
  doc.getMap('handoffs').set('h1', { id: 'h1', startedAtMs: 500 });
  doc.getMap('handoffs').set('h2', { id: 'h2', startedAtMs: 600 });
  doc.getMap('events').set('e1', entry('e1', { type: 'accepted' }));
  return doc;
}

/** What a member's client sends after `edit`: the difference from the relay's document. */
function updateFrom(doc: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  edit(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

const refusal = (doc: Y.Doc, update: Uint8Array) =>
  logRefusal(doc, [], update, Y.decodeUpdate(update))?.message ?? null;

describe('the log guard', () => {
  it('takes appends of new handoffs, events and activities', () => {
    const doc = relayDoc();
    const update = updateFrom(doc, (copy) => {
      copy.getMap('handoffs').set('h3', { id: 'h3', startedAtMs: 700 });
      copy.getMap('events').set('e2', entry('e2', { type: 'first_touch' }));
      copy.getMap('activities').set('a1', { id: 'a1', kind: 'call' });
    });
    expect(refusal(doc, update)).toBeNull();
  });

  it('refuses removing a handoff or an event, and changing an event’s time or reason', () => {
    const doc = relayDoc();
    const attacks: [string, (copy: Y.Doc) => void, string][] = [
      [
        'remove a handoff',
        (copy) => copy.getMap('handoffs').delete('h1'),
        'handoffs entry h1 cannot be removed',
      ],
      ['remove an event', (copy) => copy.getMap('events').delete('e1'), 'events entry e1 cannot be removed'],
      [
        'move an event in time',
        (copy) => copy.getMap('events').set('e1', entry('e1', { type: 'accepted', atMs: 1 })),
        'events entry e1 cannot be changed',
      ],
      [
        'change a reason',
        (copy) => copy.getMap('events').set('e1', entry('e1', { type: 'rejected', reason: 'spam' })),
        'events entry e1 cannot be changed',
      ],
      [
        'remove a schema mark',
        (copy) => copy.getMap('schema').delete('v1'),
        'schema entry v1 cannot be removed',
      ],
    ];
    for (const [what, edit, reason] of attacks)
      expect([what, refusal(doc, updateFrom(doc, edit))]).toEqual([
        what,
        `the log is append-only: ${reason}`,
      ]);
  });

  it('refuses a valid append and a forbidden change sent together, as a whole', () => {
    const doc = relayDoc();
    const update = updateFrom(doc, (copy) => {
      copy.getMap('handoffs').set('h3', { id: 'h3', startedAtMs: 700 });
      copy.getMap('events').delete('e1');
    });
    expect(refusal(doc, update)).toBe('the log is append-only: events entry e1 cannot be removed');
  });

  it('takes a retry of an entry already stored, identical, and the delete set a full sync carries', () => {
    const doc = relayDoc();
    // A device appended e1 too (a judgement both derived), offline: the same entry, its own item.
    const device = new Y.Doc();
    device.getMap('events').set('e1', entry('e1', { type: 'accepted' }));
    expect(refusal(doc, Y.encodeStateAsUpdate(device))).toBeNull();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(device));
    // The device merges the relay's copy (one of the two items is deleted on both sides) and later
    // sends everything it has, delete set included.
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    device.getMap('events').set('e2', entry('e2', { type: 'first_touch' }));
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(device)).ds.clients.size).toBeGreaterThan(0);
    expect(refusal(doc, Y.encodeStateAsUpdate(device))).toBeNull();
  });

  it('judges an update after the accepted ones not yet in the document', () => {
    const doc = relayDoc();
    const first = updateFrom(doc, (copy) => copy.getMap('handoffs').set('h3', { id: 'h3', startedAtMs: 1 }));
    const withFirst = new Y.Doc();
    Y.applyUpdate(withFirst, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(withFirst, first);
    const second = updateFrom(withFirst, (copy) => copy.getMap('handoffs').delete('h3'));
    expect(logRefusal(doc, [[first, Y.decodeUpdate(first)]], second, Y.decodeUpdate(second))).toEqual({
      breach: 'entry_removed',
      message: 'the log is append-only: handoffs entry h3 cannot be removed',
    });
  });

  it('refuses any mix of edits exactly when one removes or changes an existing entry', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), key: fc.integer({ min: 10, max: 30 }) }),
      fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom('h1', 'h2', 'e1') }),
      fc.record({
        kind: fc.constant('change' as const),
        key: fc.constantFrom('h1', 'h2', 'e1'),
        value: fc.nat(),
      }),
      fc.record({ kind: fc.constant('same' as const), key: fc.constantFrom('h1', 'h2', 'e1') }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const doc = relayDoc();
        const update = updateFrom(doc, (copy) => {
          for (const step of edits) {
            const map = copy.getMap(step.key.toString().startsWith('e') ? 'events' : 'handoffs');
            if (step.kind === 'append') map.set(`n${step.key}`, { id: `n${step.key}` });
            else if (step.kind === 'remove') map.delete(step.key);
            else if (step.kind === 'change') map.set(step.key, { changed: step.value });
            else
              map.set(
                step.key,
                doc.getMap(map === copy.getMap('events') ? 'events' : 'handoffs').get(step.key),
              );
          }
        });
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        Y.applyUpdate(copy, update);
        const isChanged = ['handoffs', 'events'].some((name) =>
          [...doc.getMap(name).keys()].some(
            (key) => JSON.stringify(copy.getMap(name).get(key)) !== JSON.stringify(doc.getMap(name).get(key)),
          ),
        );
        expect(refusal(doc, update) !== null).toBe(isChanged);
      }),
      { numRuns: 300 },
    );
  });
});
