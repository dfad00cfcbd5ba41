import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Signature } from '../agreement/agreement.js';
import { readAgreement } from './read-agreement.js';
import { settleSignatures, signAgreement } from './sign-agreement.js';
import { cloneDoc, syncDocs } from './test-docs.js';
import {
  beginAgreementEdit,
  initAgreement,
  replaceSectionText,
  setAgreementStatus,
  setReviewCadence,
  upsertParty,
  upsertRule,
} from './write-agreement.js';

const parties = ['marketing', 'sdr', 'ae'] as const;

function newAgreement(): Y.Doc {
  const doc = new Y.Doc();
  initAgreement(doc, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: 1_700_000_000_000 });
  return doc;
}

function signature(partyId: string, version: number, signedAtMs = 1_700_000_100_000): Signature {
  return { partyId, userId: `${partyId}-lead`, signerName: `${partyId} lead`, signedAtMs, version };
}

function signAll(doc: Y.Doc, version: number) {
  return parties.map((partyId, index) =>
    signAgreement(doc, signature(partyId, version, 1_700_000_100_000 + index)),
  );
}

describe('signing an agreement', () => {
  it('becomes active with a signed snapshot once every party has signed the version', () => {
    const doc = newAgreement();
    const results = signAll(doc, 1);
    expect(results).toEqual([
      { ok: true, isFullySigned: false },
      { ok: true, isFullySigned: false },
      { ok: true, isFullySigned: true },
    ]);
    const agreement = readAgreement(doc).agreement;
    expect(agreement?.status).toBe('active');
    expect(agreement?.signatures).toHaveLength(3);
    expect(agreement?.signedVersions).toHaveLength(1);
    const snapshot = agreement?.signedVersions[0];
    expect(snapshot).toMatchObject({ version: 1, signedAtMs: 1_700_000_100_002, title: 'Acme SLA' });
    expect(snapshot?.sections).toEqual(agreement?.sections);
    expect(snapshot?.terms).toEqual(agreement?.terms);
  });

  it('refuses a stale version, a second signature and a signer who is not the contact', () => {
    const doc = newAgreement();
    expect(signAgreement(doc, signature('sdr', 2))).toMatchObject({ ok: false, code: 'stale_version' });
    expect(signAgreement(doc, signature('sdr', 1))).toMatchObject({ ok: true });
    expect(signAgreement(doc, signature('sdr', 1))).toMatchObject({ ok: false, code: 'already_signed' });
    expect(signAgreement(doc, signature('legal', 1))).toMatchObject({ ok: false, code: 'not_found' });
    upsertParty(doc, {
      id: 'ae',
      name: 'Account executives',
      role: 'ae',
      contact: { name: 'Dana', userId: 'dana' },
    });
    expect(signAgreement(doc, signature('ae', 1))).toMatchObject({ ok: false, code: 'not_party_contact' });
    expect(signAgreement(doc, { ...signature('ae', 1), userId: 'dana' })).toMatchObject({ ok: true });
    expect(signAgreement(doc, { ...signature('marketing', 1), signerName: '' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
  });

  it('starts a new draft version when a signed agreement is edited, keeping the signed one readable', () => {
    const doc = newAgreement();
    signAll(doc, 1);
    const rule = readAgreement(doc).agreement?.terms.rules[0];
    if (rule?.kind !== 'response') throw new Error('no response rule');
    expect(upsertRule(doc, { ...rule, targetMinutes: 30 })).toEqual({ ok: true, version: 2 });
    const agreement = readAgreement(doc).agreement;
    expect(agreement).toMatchObject({ status: 'draft', version: 2 });
    expect(agreement?.signedVersions).toHaveLength(1);
    expect(agreement?.signedVersions[0]?.terms.rules[0]).toMatchObject({ targetMinutes: 240, version: 1 });
    // A second edit of the same draft does not start yet another version.
    expect(upsertRule(doc, { ...rule, targetMinutes: 20 })).toEqual({ ok: true, version: 3 });
    expect(readAgreement(doc).agreement?.version).toBe(2);
    // Signing the new draft records a second snapshot.
    signAll(doc, 2);
    expect(readAgreement(doc).agreement?.signedVersions.map((snapshot) => snapshot.version)).toEqual([1, 2]);
    expect(readAgreement(doc).agreement?.status).toBe('active');
  });

  it('starts a new draft before the first prose edit, and not for status or review changes', () => {
    const doc = newAgreement();
    signAll(doc, 1);
    expect(setReviewCadence(doc, { everyDays: 90, nextReviewDate: '2027-01-15' })).toEqual({ ok: true });
    expect(setAgreementStatus(doc, 'under_review')).toEqual({ ok: true });
    expect(readAgreement(doc).agreement).toMatchObject({ version: 1, status: 'under_review' });
    expect(beginAgreementEdit(doc)).toEqual({ ok: true, isNewDraft: true, version: 2 });
    expect(beginAgreementEdit(doc)).toEqual({ ok: true, isNewDraft: false, version: 2 });
    replaceSectionText(doc, 'summary', 'New summary');
    const agreement = readAgreement(doc).agreement;
    expect(agreement).toMatchObject({ version: 2, status: 'draft' });
    expect(agreement?.signedVersions[0]?.sections.summary).not.toBe('New summary');
  });

  it('records the snapshot after the last two parties signed on two offline devices', () => {
    const a = newAgreement();
    signAgreement(a, signature('marketing', 1));
    const b = cloneDoc(a);
    expect(signAgreement(a, signature('sdr', 1))).toMatchObject({ ok: true, isFullySigned: false });
    expect(signAgreement(b, signature('ae', 1))).toMatchObject({ ok: true, isFullySigned: false });
    syncDocs(a, b);
    expect(readAgreement(a).agreement?.signedVersions).toEqual([]);
    expect(settleSignatures(a)).toEqual({ ok: true, isSettled: true });
    expect(settleSignatures(b)).toEqual({ ok: true, isSettled: true });
    syncDocs(a, b);
    expect(readAgreement(a)).toEqual(readAgreement(b));
    expect(readAgreement(a).agreement?.signedVersions.map((snapshot) => snapshot.version)).toEqual([1]);
    expect(readAgreement(a).agreement?.status).toBe('active');
    expect(settleSignatures(a)).toEqual({ ok: true, isSettled: false });
  });

  it('converges when two devices start the same new draft concurrently', () => {
    const a = newAgreement();
    signAll(a, 1);
    const b = cloneDoc(a);
    beginAgreementEdit(a);
    beginAgreementEdit(b);
    syncDocs(a, b);
    expect(readAgreement(a).agreement).toMatchObject({ version: 2, status: 'draft' });
    expect(readAgreement(a)).toEqual(readAgreement(b));
  });
});
