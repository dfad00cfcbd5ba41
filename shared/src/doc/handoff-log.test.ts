import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Activity } from '../handoff/activity.js';
import type { Handoff, HandoffEvent } from '../handoff/handoff.js';
import {
  activitiesRoomFor,
  appendActivity,
  appendHandoff,
  appendHandoffEvent,
  type HandoffLogChange,
  handoffLogReader,
  handoffMonth,
  handoffsRoomFor,
  logEntryBytes,
  maxLogEntryBytes,
  monthsBetween,
  observeHandoffLog,
  readHandoffLog,
  receiptKey,
  recentMonths,
} from './handoff-log.js';
import { cloneDoc, syncDocs } from './test-docs.js';

const startedAtMs = Date.UTC(2026, 10, 3, 14, 0);

function handoff(id: string, atMs = startedAtMs): Handoff {
  return {
    id,
    agreementId: 'acme-sla',
    rules: [{ ruleId: 'mql-response', ruleVersion: 1 }],
    lead: {
      crm: 'hubspot',
      objectType: '0-1',
      recordId: id.replace(/\D/g, '') || '1',
      url: 'https://app.hubspot.com/contacts/1/record/0-1/1',
      displayName: 'Jo Lead',
    },
    fromPartyId: 'marketing',
    fromUserId: 'mia',
    toPartyId: 'sdr',
    priority: 'hot',
    checklist: [{ itemId: 'phone', label: 'Phone', isRequired: true, isDone: true, isAutomatic: true }],
    startedAtMs: atMs,
  };
}

function event(
  id: string,
  handoffId: string,
  atMs: number,
  type: 'accepted' | 'resumed' = 'accepted',
): HandoffEvent {
  return { id, handoffId, atMs, byUserId: 'sam', type };
}

function activity(id: string, atMs: number, byUserId = 'sam'): Activity {
  return {
    id,
    kind: 'call',
    lead: handoff('h1').lead,
    atMs,
    byUserId,
    note: 'Left a voicemail',
  };
}

/** The map of the log an entry key of the tests belongs to: h… handoffs, e… events, a… activities. */
function mapOf(doc: Y.Doc, key: string): Y.Map<unknown> {
  return doc.getMap(key.startsWith('e') ? 'events' : key.startsWith('a') ? 'activities' : 'handoffs');
}

describe('activities in the handoff log', () => {
  it('live in the log of the month they happened in, by time then id', () => {
    expect(activitiesRoomFor('acme', Date.UTC(2026, 11, 1))).toBe('acme/handoffs/2026-12');
    const doc = new Y.Doc();
    expect(appendActivity(doc, activity('a2', startedAtMs + 5))).toEqual({ ok: true });
    expect(appendActivity(doc, activity('a1', startedAtMs + 5))).toEqual({ ok: true });
    expect(appendActivity(doc, activity('a0', startedAtMs + 9))).toEqual({ ok: true });
    expect(readHandoffLog(doc).activities.map((entry) => entry.id)).toEqual(['a1', 'a2', 'a0']);
    expect(readHandoffLog(doc).activities[0]).toEqual(activity('a1', startedAtMs + 5));
  });

  it('refuses an activity twice, one of the wrong shape, and reports junk without losing the rest', () => {
    const doc = new Y.Doc();
    appendActivity(doc, activity('a1', startedAtMs));
    expect(appendActivity(doc, activity('a1', startedAtMs + 1))).toMatchObject({
      ok: false,
      code: 'duplicate',
    });
    const unknownKind = { ...activity('a2', startedAtMs), kind: 'fax' } as unknown as Activity;
    expect(appendActivity(doc, unknownKind)).toMatchObject({ ok: false, code: 'invalid_input' });
    const longNote = { ...activity('a3', startedAtMs), note: 'x'.repeat(1001) };
    expect(appendActivity(doc, longNote)).toMatchObject({ ok: false, code: 'invalid_input' });
    doc.getMap('activities').set('a9', { kind: 'call' });
    doc.getMap('activities').set('a8', activity('a7', startedAtMs));
    const read = readHandoffLog(doc);
    expect(read.activities.map((entry) => entry.id)).toEqual(['a1']);
    expect(read.problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['activities/a9/id', 'activities/a8/id']),
    );
  });

  it('merges activities logged on two devices offline', () => {
    const left = new Y.Doc();
    const right = new Y.Doc();
    appendActivity(left, activity('a1', startedAtMs, 'sam'));
    appendActivity(right, activity('a2', startedAtMs + 1, 'ana'));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    expect(readHandoffLog(left).activities.map((entry) => entry.byUserId)).toEqual(['sam', 'ana']);
    expect(readHandoffLog(right)).toEqual(readHandoffLog(left));
  });
});

describe('handoff log documents', () => {
  it('names the room by the UTC month the handoff began in', () => {
    expect(handoffsRoomFor('acme', Date.UTC(2026, 10, 30, 23, 59))).toBe('acme/handoffs/2026-11');
    expect(handoffsRoomFor('acme', Date.UTC(2026, 11, 1, 0, 0))).toBe('acme/handoffs/2026-12');
    expect(handoffsRoomFor('acme', Date.UTC(2027, 0, 1) - 1)).toBe('acme/handoffs/2026-12');
  });

  it('reads back handoffs with their events sorted by time then id', () => {
    const doc = new Y.Doc();
    expect(appendHandoff(doc, handoff('h2', startedAtMs + 10))).toEqual({ ok: true });
    expect(appendHandoff(doc, handoff('h1'))).toEqual({ ok: true });
    expect(appendHandoffEvent(doc, event('e3', 'h1', startedAtMs + 500))).toEqual({ ok: true });
    expect(appendHandoffEvent(doc, event('e2', 'h1', startedAtMs + 100))).toEqual({ ok: true });
    expect(appendHandoffEvent(doc, event('e1', 'h1', startedAtMs + 100, 'resumed'))).toEqual({ ok: true });
    const read = readHandoffLog(doc);
    expect(read.problems).toEqual([]);
    expect(read.isReadOnly).toBe(false);
    expect(read.handoffs.map((entry) => entry.id)).toEqual(['h1', 'h2']);
    expect(read.handoffs[0]).toEqual({
      ...handoff('h1'),
      events: [
        event('e1', 'h1', startedAtMs + 100, 'resumed'),
        event('e2', 'h1', startedAtMs + 100),
        event('e3', 'h1', startedAtMs + 500),
      ],
    });
    expect(read.handoffs[1]?.events).toEqual([]);
  });

  it('refuses invalid entries, duplicates and events of handoffs not in this log, writing nothing', () => {
    const doc = new Y.Doc();
    appendHandoff(doc, handoff('h1'));
    const before = Y.encodeStateAsUpdate(doc);
    const unknown = appendHandoffEvent(doc, event('e1', 'h-elsewhere', startedAtMs));
    expect(unknown).toMatchObject({ ok: false, code: 'unknown_handoff' });
    expect(appendHandoff(doc, handoff('h1'))).toMatchObject({ ok: false, code: 'duplicate' });
    const invalid = appendHandoff(doc, {
      ...handoff('h2'),
      lead: { ...handoff('h2').lead, url: 'not a url' },
    });
    expect(invalid).toMatchObject({ ok: false, code: 'invalid_input', problems: [{ path: 'lead/url' }] });
    appendHandoffEvent(doc, event('e1', 'h1', startedAtMs));
    expect(appendHandoffEvent(doc, event('e1', 'h1', startedAtMs + 1))).toMatchObject({
      ok: false,
      code: 'duplicate',
    });
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(before.length);
    expect(readHandoffLog(doc).handoffs.map((entry) => [entry.id, entry.events.length])).toEqual([['h1', 1]]);
  });

  it('skips hostile entries with their paths and keeps the rest', () => {
    const doc = new Y.Doc();
    appendHandoff(doc, handoff('h1'));
    appendHandoffEvent(doc, event('e1', 'h1', startedAtMs + 1));
    const hostile = cloneDoc(doc);
    hostile.getMap('handoffs').set('h2', { ...handoff('h2'), startedAtMs: -5 });
    hostile.getMap('handoffs').set('h3', handoff('not-h3'));
    // A lead whose address would run script when clicked in the log, the popup or a notification.
    hostile
      .getMap('handoffs')
      .set('h4', { ...handoff('h4'), lead: { ...handoff('h4').lead, url: 'javascript:alert(1)' } });
    hostile.getMap('events').set('e2', { ...event('e2', 'h1', 5), type: 'teleported' });
    hostile.getMap('events').set('e3', event('e3', 'h-missing', 5));
    hostile.getMap('events').set('e4', new Y.Array());
    syncDocs(doc, hostile);
    const read = readHandoffLog(doc);
    expect(read.problems.map((problem) => problem.path).sort()).toEqual([
      'events/e2/type',
      'events/e3/handoffId',
      'events/e4',
      'handoffs/h2/startedAtMs',
      'handoffs/h3/id',
      'handoffs/h4/lead/url',
    ]);
    expect(read.handoffs).toEqual([{ ...handoff('h1'), events: [event('e1', 'h1', startedAtMs + 1)] }]);
  });

  it('tells incremental observers only what each transaction added, local or remote', () => {
    const local = new Y.Doc();
    const remote = new Y.Doc();
    const changes: HandoffLogChange[] = [];
    const unsubscribe = observeHandoffLog(local, (change) => changes.push(change));
    appendHandoff(local, handoff('h1'));
    appendHandoff(remote, handoff('h2'));
    syncDocs(local, remote);
    appendHandoffEvent(remote, event('e1', 'h2', startedAtMs + 1));
    syncDocs(local, remote);
    remote.getMap('events').set('bad', { nonsense: true });
    syncDocs(local, remote);
    expect(changes).toEqual([
      { handoffs: [handoff('h1')], events: [], problems: [], isRemote: false },
      { handoffs: [handoff('h2')], events: [], problems: [], isRemote: true },
      { handoffs: [], events: [event('e1', 'h2', startedAtMs + 1)], problems: [], isRemote: true },
      {
        handoffs: [],
        events: [],
        problems: expect.arrayContaining([expect.objectContaining({ path: 'events/bad/type' })]),
        isRemote: true,
      },
    ]);
    unsubscribe();
    appendHandoff(local, handoff('h3'));
    expect(changes).toHaveLength(4);
  });
});

describe('the time the relay received each entry', () => {
  it('is read from the relay’s stamps, never from the entry, and a client’s write leaves it out', () => {
    const doc = new Y.Doc();
    // A client passing an entry as read (with a time of receipt) writes it without one.
    appendHandoff(doc, { ...handoff('h1'), receivedAtMs: 1 });
    appendHandoffEvent(doc, event('e1', 'h1', startedAtMs + 1));
    appendActivity(doc, activity('a1', startedAtMs + 2));
    expect(doc.getMap('handoffs').get('h1')).not.toHaveProperty('receivedAtMs');
    // A hostile entry claiming its own time of receipt: not read as one.
    const hostile = cloneDoc(doc);
    hostile.getMap('events').set('e2', { ...event('e2', 'h1', startedAtMs + 3), receivedAtMs: startedAtMs });
    syncDocs(doc, hostile);
    const reader = handoffLogReader(doc);
    const unstamped = reader.read();
    expect(unstamped.handoffs[0]).not.toHaveProperty('receivedAtMs');
    expect(unstamped.handoffs[0]?.events.map((each) => each.receivedAtMs)).toEqual([undefined, undefined]);
    // The relay's stamps arrive: the read model gives each entry its own, and skips junk.
    const relay = cloneDoc(doc);
    relay.transact(() => {
      relay.getMap('received').set(receiptKey('handoffs', 'h1'), startedAtMs + 10);
      relay.getMap('received').set(receiptKey('events', 'e1'), startedAtMs + 11);
      relay.getMap('received').set(receiptKey('activities', 'a1'), startedAtMs + 12);
      relay.getMap('received').set(receiptKey('events', 'e2'), 'yesterday');
    });
    syncDocs(doc, relay);
    const stamped = readHandoffLog(doc);
    expect(stamped.handoffs[0]?.receivedAtMs).toBe(startedAtMs + 10);
    expect(stamped.handoffs[0]?.events.map((each) => [each.id, each.receivedAtMs])).toEqual([
      ['e1', startedAtMs + 11],
      ['e2', undefined],
    ]);
    expect(stamped.activities[0]?.receivedAtMs).toBe(startedAtMs + 12);
    expect(reader.read()).toEqual(stamped);
    reader.destroy();
  });
});

describe('monthsBetween', () => {
  it('lists the UTC months from the later instant back to the earlier, newest first, across a year', () => {
    expect(monthsBetween(Date.UTC(2025, 10, 30, 23, 59), Date.UTC(2026, 1, 1))).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });

  it('gives the one month when both instants fall in it, and none when the start is in a later month', () => {
    expect(monthsBetween(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toEqual([
      '2026-11',
    ]);
    expect(monthsBetween(Date.UTC(2026, 11, 1), Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toEqual([]);
  });

  it('names each month as handoffMonth names the month of an instant in it', () => {
    const months = monthsBetween(Date.UTC(2023, 0, 1), Date.UTC(2026, 11, 31));
    expect(months).toHaveLength(48);
    for (const [back, month] of months.entries()) {
      expect(month).toBe(handoffMonth(Date.UTC(2026, 11 - back, 15)));
    }
  });
});

describe('recentMonths', () => {
  it('gives the month holding now and the ones before it, newest first, across a year', () => {
    expect(recentMonths(Date.UTC(2026, 0, 15, 12), 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    // The last instant of a month is still that month.
    expect(recentMonths(Date.UTC(2026, 2, 31, 23, 59, 59, 999), 1)).toEqual(['2026-03']);
  });
});

describe('the incremental handoff log reader', () => {
  /** What a member (or a hostile one) can do to a month's log, local or arriving from the relay. */
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('handoff' as const),
      id: fc.integer({ min: 0, max: 6 }),
      at: fc.nat(1000),
    }),
    fc.record({
      kind: fc.constant('event' as const),
      id: fc.integer({ min: 0, max: 12 }),
      handoff: fc.integer({ min: 0, max: 7 }),
      at: fc.nat(1000),
    }),
    fc.record({
      kind: fc.constant('activity' as const),
      id: fc.integer({ min: 0, max: 6 }),
      at: fc.nat(1000),
    }),
    fc.record({
      kind: fc.constant('junk' as const),
      key: fc.constantFrom('h1', 'e1', 'a1', 'zz'),
      value: fc.anything(),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      key: fc.constantFrom('h1', 'h2', 'e1', 'e2', 'a1', 'a2'),
    }),
    fc.record({ kind: fc.constant('remote' as const), id: fc.integer({ min: 0, max: 6 }) }),
    // The relay stamps an entry's time of receipt (or junk lands where it keeps them).
    fc.record({
      kind: fc.constant('stamp' as const),
      key: fc.constantFrom('handoffs/h1', 'events/e1', 'activities/a1', 'events/zz', 'nonsense'),
      value: fc.oneof(
        fc.nat(1000).map((at) => startedAtMs + at),
        fc.anything(),
      ),
    }),
    fc.constant({ kind: 'read' as const }),
  );

  it('reads exactly what readHandoffLog reads after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const doc = new Y.Doc();
        const reader = handoffLogReader(doc);
        for (const change of steps) {
          if (change.kind === 'handoff')
            appendHandoff(doc, handoff(`h${change.id}`, startedAtMs + change.at));
          else if (change.kind === 'event')
            appendHandoffEvent(doc, event(`e${change.id}`, `h${change.handoff}`, startedAtMs + change.at));
          else if (change.kind === 'activity')
            appendActivity(doc, activity(`a${change.id}`, startedAtMs + change.at));
          else if (change.kind === 'junk') mapOf(doc, change.key).set(change.key, change.value);
          else if (change.kind === 'delete') mapOf(doc, change.key).delete(change.key);
          else if (change.kind === 'stamp') doc.getMap('received').set(change.key, change.value);
          else if (change.kind === 'remote') {
            const other = new Y.Doc();
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
            appendHandoff(other, handoff(`h${change.id}`, startedAtMs + 7));
            doc.getMap('handoffs').set(`h${change.id}`, { overwritten: true });
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
          } else expect(reader.read()).toEqual(readHandoffLog(doc));
        }
        expect(reader.read()).toEqual(readHandoffLog(doc));
        reader.destroy();
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same read until the document changes, and validates only what changed', () => {
    const doc = new Y.Doc();
    for (let index = 0; index < 50; index++) appendHandoff(doc, handoff(`h${index}`, startedAtMs + index));
    const reader = handoffLogReader(doc);
    const first = reader.read();
    expect(reader.read()).toBe(first);
    // An entry read before keeps its validated object; only the new one is read.
    appendHandoffEvent(doc, event('e1', 'h3', startedAtMs + 100));
    const second = reader.read();
    expect(second).not.toBe(first);
    expect(second.handoffs[3]?.events.map((entry) => entry.id)).toEqual(['e1']);
    expect(second.handoffs[10]?.lead).toBe(first.handoffs[10]?.lead);
    // Only the handoff the event belongs to is put together again: the others keep their objects.
    expect(second.handoffs[10]).toBe(first.handoffs[10]);
    expect(second.handoffs[3]).not.toBe(first.handoffs[3]);
    // A new handoff keeps the others' objects too, and takes its place by start time.
    appendHandoff(doc, handoff('early', startedAtMs - 1));
    const third = reader.read();
    expect(third.handoffs[0]?.id).toBe('early');
    expect(third.handoffs[4]).toBe(second.handoffs[3]);
    // Activities keep their array until one changes.
    expect(third.activities).toBe(first.activities);
    appendActivity(doc, activity('a1', startedAtMs));
    const fourth = reader.read();
    expect(fourth.activities.map((entry) => entry.id)).toEqual(['a1']);
    expect(fourth.handoffs[0]).toBe(third.handoffs[0]);
    reader.destroy();
  });
});

describe('the size of a log entry', () => {
  it('counts the bytes of its JSON in UTF-8, as the relay limits them', () => {
    // {"a":"é"}: eight ASCII bytes and a two-byte é.
    expect(logEntryBytes({ a: 'é' })).toBe(10);
    // "日本 🚀": quotes and space, two three-byte characters and a four-byte pair.
    expect(logEntryBytes('日本 🚀')).toBe(13);
    const doc = new Y.Doc();
    const big = { ...activity('a-big', startedAtMs), note: 'x'.repeat(900) };
    expect(appendActivity(doc, big)).toEqual({ ok: true });
    expect(logEntryBytes('🚀'.repeat(120))).toBe(482);
    expect(maxLogEntryBytes).toBe(16 * 1024);
    // A handoff with a checklist of 200 long items is over the limit: the model refuses it.
    const checklist = Array.from({ length: 200 }, (_, index) => ({
      itemId: `item-${index}`,
      label: 'x'.repeat(100),
      isRequired: false,
      isDone: true,
      isAutomatic: false,
    }));
    expect(appendHandoff(doc, { ...handoff('h-big'), checklist })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      message: expect.stringContaining('the log takes at most 16384'),
    });
  });
});
