import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { templateTerms } from '../agreement/agreement-template.js';
import { readAgreement } from './read-agreement.js';
import { cloneDoc, syncDocs } from './test-docs.js';
import { initAgreement, upsertRule } from './write-agreement.js';

function newAgreement(): Y.Doc {
  const doc = new Y.Doc();
  initAgreement(doc, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: 1_700_000_000_000 });
  return doc;
}

describe('reading an agreement written by a buggy or hostile client', () => {
  it('skips invalid entries, reports each with its path, and keeps the rest usable', () => {
    const honest = newAgreement();
    const hostile = cloneDoc(honest);
    // The hostile client writes straight into the shared types, bypassing the named writes.
    const template = templateTerms();
    const goodRule = template.rules[0];
    hostile.getMap('rules').set('mql-response', { position: 0, data: { ...goodRule, targetMinutes: -1 } });
    hostile.getMap('rules').set('ghost', { position: 9, data: { ...template.rules[3], id: 'not-ghost' } });
    hostile.getMap('parties').set('sdr', 'just a string');
    hostile.getMap('calendars').set('nested', new Y.Map());
    hostile.getMap('checklists').set('sdr-to-ae', { data: template.checklists[0] });
    hostile.getMap('signatures').set('1:marketing', { partyId: 'marketing' });
    hostile.getMap('meta').set('title', 42);
    hostile.getMap('meta').set('review', { everyDays: 'often' });
    syncDocs(honest, hostile);

    const read = readAgreement(honest);
    const paths = read.problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'rules/mql-response/data/targetMinutes',
        'rules/ghost/data/id',
        'parties/sdr',
        'calendars/nested',
        'checklists/sdr-to-ae/position',
        'signatures/1:marketing/userId',
        'meta/title',
        'meta/review/everyDays',
      ]),
    );
    for (const problem of read.problems) expect(problem.message.length).toBeGreaterThan(0);
    // What survived: every valid entry, and fallbacks for the meta fields.
    const agreement = read.agreement;
    expect(agreement).not.toBeNull();
    expect(agreement?.title).toBe('Untitled agreement');
    expect(agreement?.review).toBeUndefined();
    expect(agreement?.terms.parties.map((party) => party.id)).toEqual(['marketing', 'ae']);
    expect(agreement?.terms.rules.map((rule) => rule.id)).toEqual([
      'sql-first-touch',
      'mql-volume',
      'sdr-calls',
      'qualification-rate',
    ]);
    expect(agreement?.terms.calendars.map((calendar) => calendar.id)).toEqual(['office']);
    expect(agreement?.terms.checklists).toEqual([]);
    expect(agreement?.signatures).toEqual([]);
  });

  it('lets an honest client repair a bad entry by writing it again', () => {
    const doc = newAgreement();
    const rule = templateTerms().rules[0];
    if (rule === undefined) throw new Error('no template rule');
    doc.getMap('rules').set('mql-response', { position: 0, data: { ...rule, stopOn: [] } });
    expect(readAgreement(doc).problems.map((problem) => problem.path)).toEqual([
      'rules/mql-response/data/stopOn',
    ]);
    expect(upsertRule(doc, rule)).toEqual({ ok: true, version: 1 });
    expect(readAgreement(doc).problems).toEqual([]);
    expect(readAgreement(doc).agreement?.terms.rules[0]?.id).toBe('mql-response');
  });

  it('returns no agreement when its identity is unusable, with the reason', () => {
    const doc = newAgreement();
    doc.getMap('meta').set('version', 'two');
    const read = readAgreement(doc);
    expect(read.agreement).toBeNull();
    expect(read.problems.map((problem) => problem.path)).toEqual(['meta/version']);
  });

  it('reads an empty document as no agreement without problems', () => {
    expect(readAgreement(new Y.Doc())).toEqual({
      agreement: null,
      problems: [],
      schemaVersion: 0,
      isReadOnly: false,
    });
  });
});
