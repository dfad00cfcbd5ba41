import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  readDirectory,
  removeDirectoryAgreement,
  removeMember,
  upsertDirectoryAgreement,
  upsertMember,
} from './directory.js';
import { cloneDoc, syncDocs } from './test-docs.js';

describe('directory documents', () => {
  it('lists agreements and members, sorted for display', () => {
    const doc = new Y.Doc();
    expect(upsertDirectoryAgreement(doc, { id: 'b', title: 'Partner SLA', status: 'draft' })).toEqual({
      ok: true,
    });
    expect(
      upsertDirectoryAgreement(doc, {
        id: 'a',
        title: 'Acme SLA',
        status: 'active',
        nextReviewDate: '2027-02-01',
      }),
    ).toEqual({ ok: true });
    expect(upsertMember(doc, { userId: 'sam', displayName: 'Sam', partyId: 'sdr' })).toEqual({ ok: true });
    expect(upsertMember(doc, { userId: 'ana', displayName: 'Ana', partyId: 'ae' })).toEqual({ ok: true });
    const read = readDirectory(doc);
    expect(read.problems).toEqual([]);
    expect(read.agreements.map((agreement) => agreement.id)).toEqual(['a', 'b']);
    expect(read.agreements[0]).toEqual({
      id: 'a',
      title: 'Acme SLA',
      status: 'active',
      nextReviewDate: '2027-02-01',
    });
    expect(read.members.map((member) => member.displayName)).toEqual(['Ana', 'Sam']);
    expect(removeMember(doc, 'sam')).toEqual({ ok: true });
    expect(removeMember(doc, 'sam')).toMatchObject({ ok: false, code: 'not_found' });
    expect(removeDirectoryAgreement(doc, 'b')).toEqual({ ok: true });
    expect(readDirectory(doc).members.map((member) => member.userId)).toEqual(['ana']);
    expect(readDirectory(doc).agreements.map((agreement) => agreement.id)).toEqual(['a']);
  });

  it('refuses invalid entries and skips hostile ones with their paths', () => {
    const doc = new Y.Doc();
    upsertMember(doc, { userId: 'ana', displayName: 'Ana' });
    expect(upsertMember(doc, { userId: 'bad id!', displayName: '' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(
      upsertDirectoryAgreement(doc, { id: 'x', title: 'X', status: 'active', nextReviewDate: '2027-02-30' }),
    ).toMatchObject({ ok: false, code: 'invalid_input', problems: [{ path: 'nextReviewDate' }] });
    const hostile = cloneDoc(doc);
    hostile.getMap('members').set('eve', { userId: 'mallory', displayName: 'Eve' });
    hostile.getMap('agreements').set('z', { id: 'z', title: 'Z', status: 'gone' });
    syncDocs(doc, hostile);
    const read = readDirectory(doc);
    expect(read.problems.map((problem) => problem.path).sort()).toEqual([
      'agreements/z/status',
      'members/eve',
    ]);
    expect(read.members).toEqual([{ userId: 'ana', displayName: 'Ana' }]);
    expect(read.agreements).toEqual([]);
  });

  it('keeps the names CRMs show for a member, trimmed, and refuses empty or repeated ones', () => {
    const doc = new Y.Doc();
    const alex = {
      userId: 'alex',
      displayName: 'Alex AE',
      partyId: 'ae',
      crmNames: [' Alexandra Eriksson ', 'aeriksson'],
    };
    expect(upsertMember(doc, alex)).toEqual({ ok: true });
    expect(readDirectory(doc).members[0]?.crmNames).toEqual(['Alexandra Eriksson', 'aeriksson']);
    expect(upsertMember(doc, { ...alex, crmNames: ['  '] })).toMatchObject({
      ok: false,
      problems: [{ path: 'crmNames/0', message: 'a CRM name cannot be empty' }],
    });
    expect(upsertMember(doc, { ...alex, crmNames: ['A. Eriksson', 'a.  eriksson'] })).toMatchObject({
      ok: false,
      problems: [{ path: 'crmNames', message: 'a CRM name is listed twice' }],
    });
    // Refused writes changed nothing.
    expect(readDirectory(doc).members[0]?.crmNames).toEqual(['Alexandra Eriksson', 'aeriksson']);
  });

  it('is at layout version 2, which a client knowing only version 1 opens read-only', () => {
    const doc = new Y.Doc();
    upsertMember(doc, { userId: 'ana', displayName: 'Ana', crmNames: ['Ana Souza'] });
    expect(readDirectory(doc)).toMatchObject({ schemaVersion: 2, isReadOnly: false });
    expect(doc.getMap('schema').get('v2')).toBe(true);
  });
});
