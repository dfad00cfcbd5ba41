import { isFullySigned, type ResponseRule, templateTerms } from '@pactline/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  agreementSection,
  initAgreement,
  readAgreement,
  sectionText,
  signAgreement,
  startDraftIfSigned,
  upsertRule,
} from './agreement-model';

function newAgreement(): Y.Doc {
  const doc = new Y.Doc();
  initAgreement(doc, { id: 'sla-1', title: 'Marketing and sales SLA', createdAtMs: Date.UTC(2026, 0, 5) });
  return doc;
}

function read(doc: Y.Doc) {
  const result = readAgreement(doc);
  if (!result.ok) throw new Error(`not readable: ${result.code}`);
  return result.agreement;
}

function signAll(doc: Y.Doc, atMs: number): void {
  for (const party of read(doc).terms.parties) {
    const result = signAgreement(doc, {
      partyId: party.id,
      userId: `${party.id}-lead`,
      signerName: party.contact.name,
      signedAtMs: atMs,
    });
    expect(result.ok).toBe(true);
  }
}

describe('agreement document', () => {
  it('starts from the template with every section, party, rule and checklist', () => {
    const agreement = read(newAgreement());
    expect(agreement.status).toBe('draft');
    expect(agreement.version).toBe(1);
    expect(agreement.review?.nextReviewDate).toBe('2026-04-05');
    expect(agreement.sections.summary).toContain('Marketing delivers qualified leads');
    expect(agreement.terms.rules.map((rule) => rule.id)).toEqual(
      templateTerms().rules.map((rule) => rule.id),
    );
    expect(agreement.terms.parties.map((party) => party.id)).toEqual(['marketing', 'sdr', 'ae']);
  });

  it('refuses an invalid rule with the schema message and keeps the stored rule', () => {
    const doc = newAgreement();
    const rule = read(doc).terms.rules[0] as ResponseRule;
    const result = upsertRule(doc, { ...rule, warningPercents: [80, 50] });
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    expect(result.ok ? '' : result.message).toContain('warning thresholds must be in increasing order');
    expect((read(doc).terms.rules[0] as ResponseRule).warningPercents).toEqual([50, 80]);
  });

  it('bumps a rule version on each saved edit', () => {
    const doc = newAgreement();
    const rule = read(doc).terms.rules[0] as ResponseRule;
    expect(upsertRule(doc, { ...rule, targetMinutes: 120 }).ok).toBe(true);
    const saved = read(doc).terms.rules[0] as ResponseRule;
    expect(saved.targetMinutes).toBe(120);
    expect(saved.version).toBe(rule.version + 1);
  });

  it('snapshots the version and activates the agreement when the last party signs', () => {
    const doc = newAgreement();
    signAll(doc, Date.UTC(2026, 0, 6));
    const agreement = read(doc);
    expect(agreement.status).toBe('active');
    expect(isFullySigned(agreement.terms.parties, agreement.signatures, 1)).toBe(true);
    expect(agreement.signedVersions).toHaveLength(1);
    expect(agreement.signedVersions[0]?.sections.summary).toContain('Marketing delivers');
  });

  it('refuses a second signature by the same party on the same version', () => {
    const doc = newAgreement();
    const signature = { partyId: 'sdr', userId: 'sam', signerName: 'Sam', signedAtMs: 1 };
    expect(signAgreement(doc, signature).ok).toBe(true);
    expect(signAgreement(doc, signature)).toMatchObject({ ok: false, code: 'invalid' });
    expect(read(doc).signatures).toHaveLength(1);
  });

  it('starts a new draft when a signed agreement is edited, and keeps the signed version readable', () => {
    const doc = newAgreement();
    signAll(doc, Date.UTC(2026, 0, 6));
    const rule = read(doc).terms.rules[0] as ResponseRule;
    upsertRule(doc, { ...rule, targetMinutes: 30 });
    const agreement = read(doc);
    expect(agreement.version).toBe(2);
    expect(agreement.status).toBe('draft');
    const signed = agreement.signedVersions[0];
    expect(signed?.version).toBe(1);
    expect((signed?.terms.rules[0] as ResponseRule | undefined)?.targetMinutes).toBe(240);
  });

  it('starts a new draft when prose is edited after signing', () => {
    const doc = newAgreement();
    signAll(doc, Date.UTC(2026, 0, 6));
    const fragment = agreementSection(doc, 'summary');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Added after signing.')]);
    fragment.push([paragraph]);
    startDraftIfSigned(doc);
    expect(read(doc).version).toBe(2);
    expect(read(doc).signedVersions[0]?.sections.summary).not.toContain('Added after signing.');
    expect(sectionText(fragment)).toContain('Added after signing.');
  });

  it('skips a rule written by a buggy client, reports its path, and keeps the rest', () => {
    const doc = newAgreement();
    doc.getMap('rules').set('broken', { id: 'broken', kind: 'response', name: '' });
    const result = readAgreement(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual(['rules.broken']);
    expect(result.agreement.terms.rules).toHaveLength(templateTerms().rules.length);
  });

  it('does not overwrite an agreement that already exists when initialised again', () => {
    const doc = newAgreement();
    initAgreement(doc, { id: 'other', title: 'Other', createdAtMs: 0 });
    expect(read(doc).id).toBe('sla-1');
    expect(read(doc).sections.summary.split('\n')).toHaveLength(1);
  });
});
