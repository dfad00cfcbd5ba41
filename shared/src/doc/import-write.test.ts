import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../agreement/party.js';
import type { ActivityRule } from '../agreement/rule.js';
import type { Activity } from '../handoff/activity.js';
import type { HandoffWithEvents } from '../handoff/handoff.js';
import { ExportReader } from '../import/export-reader.js';
import { type ImportPlan, planImport } from '../import/import-plan.js';
import { presetById } from '../import/import-presets.js';
import { activityProgress } from '../measure/activity-progress.js';
import { clockRecords } from '../measure/clock-records.js';
import { responseMeasures } from '../measure/response-measures.js';
import { officeCalendar } from '../testing/office-calendar.js';
import { testResponseRule } from '../testing/rules.js';
import { handoffLogReader, readHandoffLog } from './handoff-log.js';
import { importBatches, importsIn, undoImport, writeImportBatch } from './import-write.js';

const zone = 'America/New_York';
const rule = testResponseRule({
  id: 'sdr-to-ae',
  fromPartyId: 'sdr',
  toPartyId: 'ae',
  targetMinutes: 60,
  targetMinutesByPriority: {},
});
const calendar = officeCalendar(zone);
const members: Member[] = [
  { userId: 'sam', displayName: 'Sam Sdr', partyId: 'sdr' },
  { userId: 'alex', displayName: 'Alex Ae', partyId: 'ae', crmNames: ['A. Ae'] },
];
const ownerOf = (name: string) => {
  const member = members.find((each) => [each.displayName, ...(each.crmNames ?? [])].includes(name));
  return member?.partyId === undefined ? undefined : { partyId: member.partyId, userId: member.userId };
};

/** March 2026: two leads handed from SDR to AE; Ada is called in 50 business minutes, Grace in two days. */
function marchHistory(importId: string): ImportPlan {
  const reader = new ExportReader({
    file: 'history.csv',
    timeZone: zone,
    preset: presetById('salesforce-lead-history')!,
  });
  reader.header([
    'Lead ID',
    'First Name',
    'Edited By',
    'Field / Event',
    'Old Value',
    'New Value',
    'Edit Date',
  ]);
  reader.row(['00Q1', 'Ada', 'Sam Sdr', 'Lead Owner', 'Sam Sdr', 'Alex Ae', '3/2/2026 10:15 AM'], 2);
  reader.row(['00Q2', 'Grace', 'Sam Sdr', 'Lead Owner', 'Sam Sdr', 'A. Ae', '3/13/2026 11:00 AM'], 3);
  const tasks = new ExportReader({
    file: 'tasks.csv',
    timeZone: zone,
    preset: presetById('salesforce-activities')!,
  });
  tasks.header(['Assigned', 'Task Subtype', 'Status', 'Completed Date/Time', 'Lead ID']);
  tasks.row(['Alex Ae', 'Call', 'Completed', '3/2/2026 11:05 AM', '00Q1'], 2);
  tasks.row(['Alex Ae', 'Email', 'Completed', '3/17/2026 10:00 AM', '00Q2'], 3);
  tasks.row(['Sam Sdr', 'Call', 'Completed', '3/12/2026 4:00 PM', '00Q2'], 4);
  const facts = [...reader.finish().facts, ...tasks.finish().facts];
  return planImport(facts, {
    ownerOf,
    rules: [rule],
    writer: { agreementId: 'acme', importerUserId: 'admin', importId },
  });
}

function writeAll(docs: Map<string, Y.Doc>, plan: ImportPlan) {
  const totals = { handoffs: 0, events: 0, activities: 0, alreadyThere: 0 };
  for (const batch of importBatches('acme', plan)) {
    let doc = docs.get(batch.room);
    if (doc === undefined) {
      doc = new Y.Doc();
      docs.set(batch.room, doc);
    }
    const counts = writeImportBatch(doc, batch, 2);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
  }
  return totals;
}

describe('writing an import to the log, and undoing it', () => {
  it('writes each entry once to the month it belongs in, and a second import of the same rows writes nothing', () => {
    const docs = new Map<string, Y.Doc>();
    expect(writeAll(docs, marchHistory('run-1'))).toEqual({
      handoffs: 2,
      events: 2,
      activities: 3,
      alreadyThere: 0,
    });
    expect([...docs.keys()]).toEqual(['acme/handoffs/2026-03']);
    const doc = docs.get('acme/handoffs/2026-03')!;
    const log = readHandoffLog(doc);
    expect(log.problems).toEqual([]);
    expect(
      log.handoffs.map((handoff) => [
        handoff.lead.recordId,
        handoff.source,
        handoff.events.map((event) => event.type),
      ]),
    ).toEqual([
      ['00Q1', 'import', ['first_touch']],
      ['00Q2', 'import', ['first_touch']],
    ]);
    expect(writeAll(docs, marchHistory('run-2'))).toEqual({
      handoffs: 0,
      events: 0,
      activities: 0,
      alreadyThere: 7,
    });
    expect(importsIn(doc)).toEqual(new Map([['run-1', 7]]));
  });

  it('undoes a run as a whole with withdrawals: nothing is removed, the log reads as before the import', () => {
    const docs = new Map<string, Y.Doc>();
    writeAll(docs, marchHistory('run-1'));
    const doc = docs.get('acme/handoffs/2026-03')!;
    const incremental = handoffLogReader(doc);
    expect(incremental.read().handoffs).toHaveLength(2);
    const stored = doc.getMap('handoffs').size + doc.getMap('events').size + doc.getMap('activities').size;
    expect(undoImport(doc, 'run-1', { userId: 'admin', atMs: Date.parse('2026-04-01T00:00:00Z') })).toBe(7);
    expect(doc.getMap('handoffs').size + doc.getMap('events').size + doc.getMap('activities').size).toBe(
      stored,
    );
    for (const read of [readHandoffLog(doc), incremental.read()]) {
      expect(read).toMatchObject({ handoffs: [], activities: [], problems: [] });
    }
    expect(undoImport(doc, 'run-1', { userId: 'admin', atMs: Date.parse('2026-04-01T00:00:00Z') })).toBe(0);
    expect(importsIn(doc)).toEqual(new Map());
    // The same rows imported again after the undo come back under ids of a new generation.
    expect(writeAll(docs, marchHistory('run-3'))).toEqual({
      handoffs: 2,
      events: 2,
      activities: 3,
      alreadyThere: 0,
    });
    const again = readHandoffLog(doc);
    expect(again.handoffs.map((handoff) => handoff.id.endsWith('.r2'))).toEqual([true, true]);
    expect(
      again.handoffs.flatMap((handoff) => handoff.events.map((event) => event.handoffId === handoff.id)),
    ).toEqual([true, true]);
    expect(incremental.read().handoffs.map((handoff) => handoff.id)).toEqual(
      again.handoffs.map((handoff) => handoff.id),
    );
    incremental.destroy();
  });

  it('measures imported history exactly as the same handoffs made live', () => {
    const docs = new Map<string, Y.Doc>();
    writeAll(docs, marchHistory('run-1'));
    const imported = readHandoffLog(docs.get('acme/handoffs/2026-03')!);
    // The same history as the overlay would have written it: each person in their own name.
    const live: HandoffWithEvents[] = imported.handoffs.map(
      ({ imported: _from, source: _source, startedAtSource: _at, ...handoff }) => ({
        ...handoff,
        fromUserId: 'sam',
        events: handoff.events.map(({ imported: from, ...event }) => ({
          ...event,
          byUserId: from?.byUserId ?? 'alex',
        })),
      }),
    );
    const liveActivities = imported.activities.map(({ imported: from, ...activity }) => ({
      ...activity,
      byUserId: from?.byUserId ?? '',
    }));
    const nowMs = Date.parse('2026-04-01T00:00:00Z');
    const measure = (handoffs: readonly HandoffWithEvents[]) =>
      responseMeasures(clockRecords({ handoffs, rules: [rule], calendars: [calendar], nowMs }).records, {
        period: 'month',
      });
    expect(measure(imported.handoffs)).toEqual(measure(live));
    expect(measure(imported.handoffs)).toEqual([
      expect.objectContaining({
        ruleId: 'sdr-to-ae',
        repId: 'alex',
        metCount: 1,
        breachedCount: 1,
        openCount: 0,
      }),
    ]);
    // Calls count for the rep who made them, not the admin who imported them.
    const calls: ActivityRule = {
      id: 'calls',
      name: 'Calls',
      kind: 'activity',
      version: 1,
      isEnabled: true,
      partyId: 'ae',
      activity: 'emails',
      targetCount: 5,
      period: 'month',
    } as ActivityRule;
    const progress = (activities: readonly Activity[]) =>
      activityProgress(calls, activities, members, { nowMs: Date.parse('2026-03-20T12:00:00Z'), calendar });
    expect(progress(imported.activities)).toEqual(progress(liveActivities));
    expect(progress(imported.activities).reps).toEqual([
      expect.objectContaining({ userId: 'alex', count: 1 }),
    ]);
  });
});
