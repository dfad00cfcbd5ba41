import { clockUserId, type Handoff, type HandoffEvent } from '@pactline/shared';
import { testHandoff } from '@pactline/shared/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type LogWriter, logRefusal, PendingAppends } from './log-guard.js';

/** A handoff entry as the log stores it (without its events). */
function handoff(id: string, startedAtMs = 500): Handoff {
  const { events: _events, ...entry } = testHandoff(id, startedAtMs);
  return entry;
}
const event = (id: string, extra: Partial<HandoffEvent> = {}): HandoffEvent =>
  ({ id, handoffId: 'h1', atMs: 1_000, byUserId: 'sam', type: 'accepted', ...extra }) as HandoffEvent;
const activity = (id: string) => ({
  id,
  kind: 'call',
  lead: handoff('h1').lead,
  atMs: 2_000,
  byUserId: 'sam',
});

/** The relay's document of a month with two handoffs and an event. */
function relayDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('schema').set('v1', true);
  doc.getMap('handoffs').set('h1', handoff('h1'));
  doc.getMap('handoffs').set('h2', handoff('h2', 600));
  doc.getMap('events').set('e1', event('e1'));
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

/** The guard's refusal of `update` from `writer` (the relay's own, any name, unless told). */
const refusal = (doc: Y.Doc, update: Uint8Array, writer: LogWriter = 'relay') =>
  logRefusal(doc, [], update, Y.decodeUpdate(update), writer)?.message ?? null;

describe('the log guard: append-only', () => {
  it('takes appends of new handoffs, events, activities and schema marks', () => {
    const doc = relayDoc();
    const update = updateFrom(doc, (copy) => {
      copy.getMap('handoffs').set('h3', handoff('h3', 700));
      copy.getMap('events').set('e2', event('e2', { type: 'first_touch' }));
      copy.getMap('activities').set('a1', activity('a1'));
      copy.getMap('schema').set('v2', true);
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
        (copy) => copy.getMap('events').set('e1', event('e1', { atMs: 1 })),
        'events entry e1 cannot be changed',
      ],
      [
        'change a reason',
        (copy) => copy.getMap('events').set('e1', event('e1', { type: 'rejected', reason: 'spam' })),
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
      copy.getMap('handoffs').set('h3', handoff('h3', 700));
      copy.getMap('events').delete('e1');
    });
    expect(refusal(doc, update)).toBe('the log is append-only: events entry e1 cannot be removed');
  });

  it('takes a retry of an entry already stored, identical, and the delete set a full sync carries', () => {
    const doc = relayDoc();
    // A device appended e1 too (a judgement both derived), offline: the same entry, its own item.
    const device = new Y.Doc();
    device.getMap('events').set('e1', event('e1'));
    expect(refusal(doc, Y.encodeStateAsUpdate(device))).toBeNull();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(device));
    // The device merges the relay's copy (one of the two items is deleted on both sides) and later
    // sends everything it has, delete set included.
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    device.getMap('events').set('e2', event('e2', { type: 'first_touch' }));
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(device)).ds.clients.size).toBeGreaterThan(0);
    expect(refusal(doc, Y.encodeStateAsUpdate(device))).toBeNull();
  });

  it('refuses an update that builds on one it refused, so the forbidden change never lands later', () => {
    // What was tried: a device's forbidden change is refused; its next write (which builds on it)
    // would wait in the document and pull the forbidden change in once a gap-filling append
    // arrived. What survived: the next write is refused too, and the log is as it was.
    const doc = relayDoc();
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
    const write = (edit: (copy: Y.Doc) => void) => {
      const before = Y.encodeStateVector(device);
      edit(device);
      return Y.encodeStateAsUpdate(device, before);
    };
    const change = write((copy) => copy.getMap('events').set('e1', event('e1', { atMs: 1 })));
    expect(refusal(doc, change)).toContain('cannot be changed');
    // A retry of a schema mark the log holds, identical: harmless on its own.
    const next = write((copy) => copy.getMap('schema').set('v1', true));
    expect(refusal(doc, next)).toBe(
      'the update builds on changes the relay does not hold (an update it refused?)',
    );
  });

  it('judges an update after the accepted ones not yet in the document', () => {
    const doc = relayDoc();
    const first = updateFrom(doc, (copy) => copy.getMap('handoffs').set('h3', handoff('h3', 1)));
    const withFirst = new Y.Doc();
    Y.applyUpdate(withFirst, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(withFirst, first);
    const second = updateFrom(withFirst, (copy) => copy.getMap('handoffs').delete('h3'));
    expect(
      logRefusal(doc, [[first, Y.decodeUpdate(first)]], second, Y.decodeUpdate(second), 'relay'),
    ).toEqual({
      breach: 'entry_removed',
      message: 'the log is append-only: handoffs entry h3 cannot be removed',
    });
  });

  it('judges a member’s append without a scratch copy while the relay’s receipts wait on a commit, yet catches a delete of them', () => {
    const doc = relayDoc();
    // The relay's stamps of receipt, accepted and not yet stored: its own map, a new client.
    const relay = new Y.Doc();
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc));
    const stamps = updateFrom(relay, (copy) => copy.getMap('received').set('handoffs/h2', 1_000));
    const pending = new PendingAppends();
    const stampsDecoded = Y.decodeUpdate(stamps);
    pending.accepted(stampsDecoded, true);

    const append = updateFrom(doc, (copy) => copy.getMap('handoffs').set('h3', handoff('h3', 1)));
    expect(pending.appendsOf(doc, Y.decodeUpdate(append))?.map((entry) => entry.key)).toEqual(['h3']);

    // A member who saw the receipt deletes it: the update leaves the fast path and is refused.
    const withStamps = new Y.Doc();
    Y.applyUpdate(withStamps, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(withStamps, stamps);
    const erase = updateFrom(withStamps, (copy) => copy.getMap('received').delete('handoffs/h2'));
    expect(pending.appendsOf(doc, Y.decodeUpdate(erase))).toBeNull();
    expect(
      logRefusal(doc, [[stamps, stampsDecoded]], erase, Y.decodeUpdate(erase), { userId: 'sam' }, pending)
        ?.breach,
    ).toBe('not_in_log');

    // Stored and applied, the receipt is the document's: deleting it is still caught.
    pending.settled(stampsDecoded);
    Y.applyUpdate(doc, stamps);
    expect(pending.appendsOf(doc, Y.decodeUpdate(erase))).toBeNull();
    expect(logRefusal(doc, [], erase, Y.decodeUpdate(erase), { userId: 'sam' }, pending)?.breach).toBe(
      'not_in_log',
    );
  });

  it('refuses a member’s update that only deletes one of the relay’s stored receipts', () => {
    const doc = relayDoc();
    doc.getMap('received').set('handoffs/h1', 1_000);
    // Nothing appended, only a delete set: the receipt that shows an entry was recorded late.
    const erase = updateFrom(doc, (copy) => copy.getMap('received').delete('handoffs/h1'));
    expect(Y.decodeUpdate(erase).structs).toHaveLength(0);
    expect(refusal(doc, erase, { userId: 'sam' })).toBe(
      'received holds the times the relay received each entry: the relay alone writes it',
    );
  });

  it('refuses any mix of edits exactly when one removes or changes an existing entry', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), key: fc.integer({ min: 10, max: 30 }) }),
      fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom('h1', 'h2', 'e1') }),
      fc.record({
        kind: fc.constant('change' as const),
        key: fc.constantFrom('h1', 'h2', 'e1'),
        at: fc.integer({ min: 2_000, max: 9_000 }),
      }),
      fc.record({ kind: fc.constant('same' as const), key: fc.constantFrom('h1', 'h2', 'e1') }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const doc = relayDoc();
        const update = updateFrom(doc, (copy) => {
          for (const step of edits) {
            if (step.kind === 'append') copy.getMap('handoffs').set(`n${step.key}`, handoff(`n${step.key}`));
            else {
              const name = String(step.key).startsWith('e') ? 'events' : 'handoffs';
              const map = copy.getMap(name);
              if (step.kind === 'remove') map.delete(step.key);
              else if (step.kind === 'same') map.set(step.key, doc.getMap(name).get(step.key));
              else
                map.set(
                  step.key,
                  name === 'events' ? event(step.key, { atMs: step.at }) : handoff(step.key, step.at),
                );
            }
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

describe('the log guard: what an entry may be', () => {
  it('refuses an entry of the wrong shape, one whose id is not its key, a shared type, and 20 KB', () => {
    const doc = relayDoc();
    const attempts: [string, (copy: Y.Doc) => void, string][] = [
      [
        'an event without its type',
        (copy) => copy.getMap('events').set('e9', { id: 'e9', handoffId: 'h1', atMs: 1, byUserId: 'sam' }),
        'events entry e9 is not a valid entry: type: ',
      ],
      [
        'a handoff under another key',
        (copy) => copy.getMap('handoffs').set('h9', handoff('h8')),
        'handoffs entry h9 is not a valid entry: its id "h8" is not its key',
      ],
      [
        'a shared type for an entry',
        (copy) => copy.getMap('events').set('e9', new Y.Map()),
        'events entry e9 is not a valid entry: a shared type where a plain entry belongs',
      ],
      [
        'a 20 KB rejection reason',
        (copy) =>
          copy.getMap('events').set('e9', event('e9', { type: 'rejected', reason: 'x'.repeat(20_000) })),
        'events entry e9 is 20',
      ],
      [
        'a script address for the lead',
        (copy) =>
          copy
            .getMap('handoffs')
            .set('h9', { ...handoff('h9'), lead: { ...handoff('h9').lead, url: 'javascript:alert(1)' } }),
        'handoffs entry h9 is not a valid entry: lead.url',
      ],
      [
        'a schema mark that is not one',
        (copy) => copy.getMap('schema').set('latest', 'v999'),
        'schema entry latest is not a valid entry: not a version mark',
      ],
      [
        'text outside the log’s maps',
        (copy) => copy.getText('notes').insert(0, 'hi'),
        'notes is not part of the handoff log',
      ],
    ];
    for (const [what, attempt, reason] of attempts) {
      const refused = refusal(doc, updateFrom(doc, attempt));
      expect([what, refused?.startsWith(reason)], `${what}: ${refused}`).toEqual([what, true]);
    }
  });

  it('refuses any value that is not a valid entry, and takes every valid one', () => {
    fc.assert(
      fc.property(fc.constantFrom('handoffs', 'events', 'activities'), fc.anything(), (name, value) => {
        const doc = relayDoc();
        const update = updateFrom(doc, (copy) => copy.getMap(name).set('x1', value));
        expect(refusal(doc, update)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
    const doc = relayDoc();
    expect(
      refusal(
        doc,
        updateFrom(doc, (copy) => copy.getMap('activities').set('a1', activity('a1'))),
      ),
    ).toBeNull();
  });
});

describe('the log guard: who wrote it', () => {
  const sam: LogWriter = { userId: 'sam' };
  const append = (edit: (copy: Y.Doc) => void) => {
    const doc = relayDoc();
    return (writer: LogWriter) => refusal(doc, updateFrom(doc, edit), writer);
  };

  it('takes a member’s handoff, event and activity in their own name', () => {
    const own = append((copy) => {
      copy.getMap('handoffs').set('h3', { ...handoff('h3'), fromUserId: 'sam' });
      copy.getMap('events').set('e2', event('e2', { type: 'first_touch' }));
      copy.getMap('activities').set('a1', activity('a1'));
    });
    expect(own(sam)).toBeNull();
  });

  it('refuses an entry in another member’s name, and the clock’s, from a member', () => {
    const attempts: [string, (copy: Y.Doc) => void, string][] = [
      [
        'a first touch by Alex',
        (copy) => copy.getMap('events').set('e2', event('e2', { type: 'first_touch', byUserId: 'alex' })),
        'events entry e2 is written in the name of "alex": a member writes in their own name only',
      ],
      [
        'a handoff from the marketer',
        (copy) => copy.getMap('handoffs').set('h3', handoff('h3')),
        'handoffs entry h3 is written in the name of "marketer"',
      ],
      [
        'a call logged for Alex',
        (copy) => copy.getMap('activities').set('a1', { ...activity('a1'), byUserId: 'alex' }),
        'activities entry a1 is written in the name of "alex"',
      ],
      [
        'a judgement "met" in the clock’s name',
        (copy) =>
          copy.getMap('events').set('j1', {
            id: 'j1',
            handoffId: 'h1',
            atMs: 1_000,
            byUserId: clockUserId,
            type: 'judged',
            ruleId: 'mql-response',
            outcome: 'met',
            ruleVersion: 1,
            calendarVersion: 1,
            elapsedMs: 60_000,
            targetMs: 240 * 60_000,
          }),
        "events entry j1 is signed by Pactline's clock: only the relay records judgements and rungs",
      ],
    ];
    for (const [what, attempt, reason] of attempts) {
      const fromSam = append(attempt)(sam);
      expect([what, fromSam?.startsWith(reason)], `${what}: ${fromSam}`).toEqual([what, true]);
      // The relay's own writer (the watcher, a seed run with a relay token) writes in any name.
      expect([what, append(attempt)('relay')]).toEqual([what, null]);
    }
  });

  it('refuses a valid own append and an append in another name sent together, as a whole', () => {
    const mixed = append((copy) => {
      copy.getMap('events').set('e2', event('e2', { type: 'first_touch' }));
      copy.getMap('events').set('e3', event('e3', { type: 'accepted', byUserId: 'alex' }));
    });
    expect(mixed(sam)).toContain('events entry e3 is written in the name of "alex"');
  });
});

describe('the log guard: imports are an admin’s', () => {
  const append = (edit: (copy: Y.Doc) => void) => {
    const doc = relayDoc();
    return (writer: LogWriter) => refusal(doc, updateFrom(doc, edit), writer);
  };
  const imported = { file: 'history.csv', row: 3, by: 'Alex Ae', byUserId: 'alex', importId: 'run-1' };

  it('takes imported entries and a withdrawal from an admin, written in the admin’s name', () => {
    const fromAdmin = append((copy) => {
      copy.getMap('events').set('e2', event('e2', { type: 'first_touch', byUserId: 'ada', imported }));
      copy.getMap('activities').set('a1', { ...activity('a1'), byUserId: 'ada', imported });
      copy
        .getMap('withdrawals')
        .set('w1', { id: 'w1', entries: ['events/e1'], importId: 'run-1', atMs: 5_000, byUserId: 'ada' });
    });
    expect(fromAdmin({ userId: 'ada', isAdmin: true })).toBeNull();
  });

  it('refuses an editor’s imported entry (crediting a colleague’s calls) and an editor’s withdrawal', () => {
    const attempts: [string, (copy: Y.Doc) => void, string][] = [
      [
        'a call imported for Alex',
        (copy) => copy.getMap('activities').set('a1', { ...activity('a1'), imported }),
        'activities entry a1 is imported: only an admin imports',
      ],
      [
        'a breach taken out of the log',
        (copy) =>
          copy
            .getMap('withdrawals')
            .set('w1', { id: 'w1', entries: ['events/e1'], importId: 'run-1', atMs: 5_000, byUserId: 'sam' }),
        'withdrawals entry w1: only an admin undoes an import',
      ],
    ];
    for (const [what, attempt, reason] of attempts) {
      expect([what, append(attempt)({ userId: 'sam' })]).toEqual([what, reason]);
      expect([what, append(attempt)({ userId: 'sam', isAdmin: true })]).toEqual([what, null]);
    }
  });

  it('refuses a withdrawal of the wrong shape, and one in another admin’s name', () => {
    const shapeless = append((copy) => {
      copy
        .getMap('withdrawals')
        .set('w1', { id: 'w1', entries: ['chain/x'], importId: 'run-1', atMs: 5_000, byUserId: 'ada' });
    });
    expect(shapeless({ userId: 'ada', isAdmin: true })).toContain(
      'withdrawals entry w1 is not a valid entry',
    );
    const inOtherName = append((copy) => {
      copy
        .getMap('withdrawals')
        .set('w1', { id: 'w1', entries: ['events/e1'], importId: 'run-1', atMs: 5_000, byUserId: 'bo' });
    });
    expect(inOtherName({ userId: 'ada', isAdmin: true })).toContain('is written in the name of "bo"');
  });
});
