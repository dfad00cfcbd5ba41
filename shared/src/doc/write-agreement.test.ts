import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionIds } from '../agreement/agreement.js';
import { templateSections, templateTerms } from '../agreement/agreement-template.js';
import type { ResponseRule } from '../agreement/rule.js';
import { agreementSection } from './agreement-layout.js';
import { readAgreement } from './read-agreement.js';
import { cloneDoc, syncDocs } from './test-docs.js';
import {
  initAgreement,
  removeCalendar,
  removeChecklist,
  removeParty,
  removeRule,
  replaceSectionText,
  setAgreementStatus,
  setAgreementTitle,
  setReviewCadence,
  upsertCalendar,
  upsertChecklist,
  upsertParty,
  upsertRule,
} from './write-agreement.js';

const createdAtMs = Date.UTC(2026, 10, 2, 9);

function newAgreement(): Y.Doc {
  const doc = new Y.Doc();
  const result = initAgreement(doc, {
    id: 'acme-sla',
    title: 'Acme SLA',
    createdAtMs,
    timeZone: 'Europe/Paris',
  });
  expect(result).toEqual({ ok: true, isCreated: true });
  return doc;
}

function rule(doc: Y.Doc, id: string) {
  const found = readAgreement(doc).agreement?.terms.rules.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`rule ${id} not found`);
  return found;
}

function responseRule(doc: Y.Doc, id: string): ResponseRule {
  const found = rule(doc, id);
  if (found.kind !== 'response') throw new Error(`rule ${id} is not a response rule`);
  return found;
}

describe('agreement document writes', () => {
  it('creates the agreement from the template and reads it back as plain data', () => {
    const doc = newAgreement();
    const read = readAgreement(doc);
    expect(read.problems).toEqual([]);
    expect(read.isReadOnly).toBe(false);
    expect(read.schemaVersion).toBe(2);
    expect(read.agreement).toMatchObject({
      id: 'acme-sla',
      title: 'Acme SLA',
      status: 'draft',
      version: 1,
      createdAtMs,
    });
    expect(read.agreement?.terms).toEqual(templateTerms('Europe/Paris'));
    expect(read.agreement?.sections).toEqual(templateSections);
    expect(read.agreement?.signatures).toEqual([]);
    expect(read.agreement?.signedVersions).toEqual([]);
  });

  it('keeps prose in one rich-text fragment per section for the editor binding', () => {
    const doc = newAgreement();
    for (const sectionId of sectionIds) {
      expect(agreementSection(doc, sectionId)).toBeInstanceOf(Y.XmlFragment);
    }
    const summary = agreementSection(doc, 'summary');
    const paragraph = new Y.XmlElement('paragraph');
    summary.insert(summary.length, [paragraph]);
    const text = new Y.XmlText('Reviewed monthly.');
    paragraph.insert(0, [text]);
    text.format(0, 8, { bold: true });
    expect(readAgreement(doc).agreement?.sections.summary).toBe(
      `${templateSections.summary}\nReviewed monthly.`,
    );
  });

  it('is idempotent and refuses to initialise a document that holds another agreement', () => {
    const doc = newAgreement();
    const before = Y.encodeStateVector(doc);
    expect(initAgreement(doc, { id: 'acme-sla', title: 'Other title', createdAtMs })).toEqual({
      ok: true,
      isCreated: false,
    });
    expect(Y.encodeStateVector(doc)).toEqual(before);
    const other = initAgreement(doc, { id: 'globex', title: 'Globex', createdAtMs });
    expect(other).toMatchObject({ ok: false, code: 'different_document' });
    expect(readAgreement(doc).agreement?.title).toBe('Acme SLA');
  });

  it('refuses an unknown time zone for the template calendar and creates nothing', () => {
    const doc = new Y.Doc();
    const result = initAgreement(doc, {
      id: 'acme-sla',
      title: 'Acme SLA',
      createdAtMs,
      timeZone: 'Mars/Olympus',
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    if (result.ok) throw new Error('expected a failure');
    expect(result.problems?.[0]?.message).toContain('unknown time zone');
    expect(readAgreement(doc)).toMatchObject({ agreement: null, schemaVersion: 0 });
  });

  it('refuses writes before the agreement is created', () => {
    const doc = new Y.Doc();
    expect(setAgreementTitle(doc, 'Too early')).toMatchObject({ ok: false, code: 'not_initialised' });
    expect(readAgreement(doc).agreement).toBeNull();
  });

  it('bumps the version of an edited rule and leaves an identical write alone', () => {
    const doc = newAgreement();
    const original = rule(doc, 'mql-response');
    expect(original.version).toBe(1);
    expect(upsertRule(doc, { ...responseRule(doc, 'mql-response'), targetMinutes: 120 })).toEqual({
      ok: true,
      version: 2,
    });
    expect(rule(doc, 'mql-response')).toMatchObject({ targetMinutes: 120, version: 2 });
    const before = Y.encodeStateVector(doc);
    expect(upsertRule(doc, { ...rule(doc, 'mql-response'), version: 99 })).toEqual({ ok: true, version: 2 });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('lets a rung name a channel, which a client knowing only version 1 may read but not edit', async () => {
    const { agreementMigrations } = await import('./agreement-migrations.js');
    const { schemaAccess } = await import('./schema-version.js');
    const doc = newAgreement();
    const channel = { kind: 'channel', channelId: 'sales-ops', name: '#sales-ops' } as const;
    const escalation = [{ atPercent: 100, notify: [channel, { kind: 'receiver' as const }] }];
    expect(upsertRule(doc, { ...responseRule(doc, 'mql-response'), escalation })).toMatchObject({ ok: true });
    expect(responseRule(doc, 'mql-response').escalation).toEqual(escalation);
    const versionOne = agreementMigrations.filter((migration) => migration.toVersion === 1);
    expect(schemaAccess(doc.getMap('schema'), versionOne)).toMatchObject({ isReadOnly: true, version: 2 });
  });

  it('adds new rules at the end of the list with version 1', () => {
    const doc = newAgreement();
    const result = upsertRule(doc, {
      id: 'ae-calls',
      name: 'AE calls',
      kind: 'activity',
      partyId: 'ae',
      activity: 'call',
      targetCount: 20,
      period: 'week',
    });
    expect(result).toEqual({ ok: true, version: 1 });
    const rules = readAgreement(doc).agreement?.terms.rules ?? [];
    expect(rules.map((candidate) => candidate.id).at(-1)).toBe('ae-calls');
    expect(rules.at(-1)).toMatchObject({ version: 1, isEnabled: true });
  });

  it('bumps the calendar version when its hours change', () => {
    const doc = newAgreement();
    const calendar = readAgreement(doc).agreement?.terms.calendars[0];
    if (calendar === undefined) throw new Error('no calendar');
    const result = upsertCalendar(doc, { ...calendar, holidays: ['2026-12-25'] });
    expect(result).toEqual({ ok: true, version: 2 });
    expect(readAgreement(doc).agreement?.terms.calendars[0]).toMatchObject({
      version: 2,
      holidays: ['2026-12-25'],
    });
  });

  it('rejects an invalid rule with the reasons and writes nothing', () => {
    const doc = newAgreement();
    const before = Y.encodeStateAsUpdate(doc);
    const result = upsertRule(doc, {
      ...responseRule(doc, 'mql-response'),
      warningPercents: [80, 50],
      targetMinutes: -5,
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    if (result.ok) throw new Error('expected a failure');
    expect(result.problems?.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['targetMinutes', 'warningPercents']),
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(responseRule(doc, 'mql-response').targetMinutes).toBe(240);
  });

  it('refuses to remove a party or calendar that rules still use, and reports unknown ids', () => {
    const doc = newAgreement();
    expect(removeParty(doc, 'sdr')).toMatchObject({ ok: false, code: 'in_use' });
    expect(removeCalendar(doc, 'office')).toMatchObject({ ok: false, code: 'in_use' });
    expect(removeRule(doc, 'nope')).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      upsertParty(doc, {
        id: 'cs',
        name: 'Customer success',
        role: 'customer_success',
        contact: { name: 'Lead' },
      }),
    ).toEqual({ ok: true });
    expect(removeParty(doc, 'cs')).toEqual({ ok: true });
    expect(removeChecklist(doc, 'sdr-to-ae')).toEqual({ ok: true });
    expect(removeRule(doc, 'sql-first-touch')).toEqual({ ok: true });
    const terms = readAgreement(doc).agreement?.terms;
    expect(terms?.parties.map((party) => party.id)).toEqual(['marketing', 'sdr', 'ae']);
    expect(terms?.checklists).toEqual([]);
    expect(terms?.rules.map((candidate) => candidate.id)).not.toContain('sql-first-touch');
  });

  it('updates a checklist in place, keeping its position', () => {
    const doc = newAgreement();
    const checklist = readAgreement(doc).agreement?.terms.checklists[0];
    if (checklist === undefined) throw new Error('no checklist');
    expect(upsertChecklist(doc, { ...checklist, items: checklist.items.slice(0, 2) })).toEqual({ ok: true });
    expect(readAgreement(doc).agreement?.terms.checklists[0]?.items).toHaveLength(2);
  });

  it('merges concurrent edits of different rules and of different meta fields', () => {
    const a = newAgreement();
    const b = cloneDoc(a);
    upsertRule(a, { ...responseRule(a, 'mql-response'), targetMinutes: 60 });
    upsertRule(b, { ...rule(b, 'sdr-calls'), name: 'Dials' });
    setAgreementTitle(a, 'Acme revenue SLA');
    setReviewCadence(b, { everyDays: 90, nextReviewDate: '2027-02-01' });
    syncDocs(a, b);
    for (const doc of [a, b]) {
      expect(rule(doc, 'mql-response')).toMatchObject({ targetMinutes: 60, version: 2 });
      expect(rule(doc, 'sdr-calls')).toMatchObject({ name: 'Dials', version: 2 });
      expect(readAgreement(doc).agreement).toMatchObject({
        title: 'Acme revenue SLA',
        review: { everyDays: 90, nextReviewDate: '2027-02-01' },
      });
    }
    expect(readAgreement(a)).toEqual(readAgreement(b));
  });

  it('validates titles, statuses and prose input', () => {
    const doc = newAgreement();
    expect(setAgreementTitle(doc, '')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(setAgreementStatus(doc, 'finished' as never)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(setAgreementStatus(doc, 'active')).toMatchObject({ ok: false, code: 'stale_version' });
    expect(setAgreementStatus(doc, 'under_review')).toEqual({ ok: true });
    expect(replaceSectionText(doc, 'nope' as never, 'x')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(replaceSectionText(doc, 'goals', 'Line one\nLine two')).toEqual({ ok: true });
    expect(readAgreement(doc).agreement).toMatchObject({ status: 'under_review' });
    expect(readAgreement(doc).agreement?.sections.goals).toBe('Line one\nLine two');
  });
});
