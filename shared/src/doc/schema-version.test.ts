import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agreementMigrations } from './agreement-migrations.js';
import { readDirectory, upsertMember } from './directory.js';
import { appendHandoff, readHandoffLog } from './handoff-log.js';
import { readAgreement } from './read-agreement.js';
import { type Migration, readSchemaVersion, upgradeInTransaction } from './schema-version.js';
import { signAgreement } from './sign-agreement.js';
import { cloneDoc, syncDocs } from './test-docs.js';
import { initAgreement, setAgreementTitle, upsertRule } from './write-agreement.js';

/**
 * A later layout, as a future release would ship it: version 3 adds a default locale to the meta
 * and an owner to every rule entry that lacks one, derived from the document alone.
 */
const futureMigrations: Migration[] = [
  ...agreementMigrations,
  {
    toVersion: 3,
    up: (doc) => {
      const meta = doc.getMap('meta');
      if (!meta.has('locale')) meta.set('locale', 'en');
      const rules = doc.getMap<{ position: number; data: { id: string }; ownerPartyId?: string }>('rules');
      for (const [key, entry] of rules.entries()) {
        if (entry.ownerPartyId === undefined) rules.set(key, { ...entry, ownerPartyId: 'marketing' });
      }
    },
  },
];

function upgradeTo3(doc: Y.Doc) {
  let result: ReturnType<typeof upgradeInTransaction> = null;
  doc.transact(() => {
    result = upgradeInTransaction(doc, doc.getMap('schema'), futureMigrations);
  });
  return result;
}

function newAgreement(): Y.Doc {
  const doc = new Y.Doc();
  initAgreement(doc, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: 1_700_000_000_000 });
  return doc;
}

describe('schema versions and upgrades', () => {
  it('stamps the current version on creation', () => {
    const doc = newAgreement();
    expect(readSchemaVersion(doc.getMap('schema'))).toBe(2);
  });

  it('runs an upgrade once: a second run writes nothing', () => {
    const doc = newAgreement();
    expect(upgradeTo3(doc)).toBeNull();
    expect(readSchemaVersion(doc.getMap('schema'))).toBe(3);
    const before = Y.encodeStateVector(doc);
    expect(upgradeTo3(doc)).toBeNull();
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('converges when two offline clients run the same upgrade', () => {
    const a = newAgreement();
    const b = cloneDoc(a);
    upgradeTo3(a);
    upgradeTo3(b);
    syncDocs(a, b);
    expect(a.getMap('meta').toJSON()).toEqual(b.getMap('meta').toJSON());
    expect(a.getMap('rules').toJSON()).toEqual(b.getMap('rules').toJSON());
    expect(readSchemaVersion(a.getMap('schema'))).toBe(3);
    expect(readSchemaVersion(b.getMap('schema'))).toBe(3);
    for (const entry of Object.values(a.getMap('rules').toJSON())) {
      expect(entry).toMatchObject({ ownerPartyId: 'marketing' });
    }
    // Running it again on the merged state changes nothing on either side.
    const merged = Y.encodeStateVector(a);
    upgradeTo3(a);
    expect(Y.encodeStateVector(a)).toEqual(merged);
  });

  it('never lowers the version when an older client writes concurrently with an upgrade', () => {
    const a = newAgreement();
    const older = cloneDoc(a);
    upgradeTo3(a);
    expect(setAgreementTitle(older, 'Written by the older app')).toEqual({ ok: true });
    syncDocs(a, older);
    expect(readSchemaVersion(a.getMap('schema'))).toBe(3);
    expect(readAgreement(older)).toMatchObject({ isReadOnly: true, schemaVersion: 3 });
  });

  it('opens a newer agreement read-only, says why, and refuses every write', () => {
    const doc = newAgreement();
    upgradeTo3(doc);
    const read = readAgreement(doc);
    expect(read.isReadOnly).toBe(true);
    expect(read.readOnlyReason).toContain('schema version 3');
    expect(read.agreement?.title).toBe('Acme SLA');
    expect(read.agreement?.terms.rules).toHaveLength(5);
    const before = Y.encodeStateAsUpdate(doc);
    const rule = read.agreement?.terms.rules[0];
    if (rule?.kind !== 'response') throw new Error('no response rule');
    expect(setAgreementTitle(doc, 'Changed')).toMatchObject({ ok: false, code: 'newer_schema' });
    expect(upsertRule(doc, { ...rule, targetMinutes: 1 })).toMatchObject({ ok: false, code: 'newer_schema' });
    expect(
      signAgreement(doc, { partyId: 'sdr', userId: 'u', signerName: 'U', signedAtMs: 1, version: 1 }),
    ).toMatchObject({ ok: false, code: 'newer_schema' });
    expect(initAgreement(doc, { id: 'acme-sla', title: 'Acme SLA', createdAtMs: 1 })).toMatchObject({
      ok: false,
      code: 'newer_schema',
    });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('opens newer handoff logs and directories read-only too', () => {
    const log = new Y.Doc();
    log.getMap('schema').set('v7', true);
    expect(readHandoffLog(log)).toMatchObject({ isReadOnly: true, schemaVersion: 7 });
    const directory = new Y.Doc();
    directory.getMap('schema').set('v3', true);
    expect(readDirectory(directory)).toMatchObject({ isReadOnly: true, schemaVersion: 3 });
    expect(upsertMember(directory, { userId: 'ana', displayName: 'Ana' })).toMatchObject({
      ok: false,
      code: 'newer_schema',
    });
    expect(readDirectory(directory).members).toEqual([]);
    expect(appendHandoff(log, {} as never)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('ignores schema keys that are not versions', () => {
    const doc = newAgreement();
    doc.getMap('schema').set('v0', true);
    doc.getMap('schema').set('latest', true);
    doc.getMap('schema').set('v9999999', true);
    expect(readSchemaVersion(doc.getMap('schema'))).toBe(2);
  });
});

describe('explicit upgrades after opening', () => {
  it('stamps the current version on documents that have none, once', async () => {
    const { upgradeAgreement } = await import('./write-agreement.js');
    const { upgradeHandoffLog } = await import('./handoff-log.js');
    const { upgradeDirectory } = await import('./directory.js');
    for (const [upgrade, read, latest] of [
      [upgradeAgreement, readAgreement, 2],
      [upgradeHandoffLog, readHandoffLog, 1],
      [upgradeDirectory, readDirectory, 2],
    ] as const) {
      const doc = new Y.Doc();
      expect(read(doc).schemaVersion).toBe(0);
      expect(upgrade(doc)).toEqual({ ok: true });
      expect(read(doc).schemaVersion).toBe(latest);
      const before = Y.encodeStateVector(doc);
      expect(upgrade(doc)).toEqual({ ok: true });
      expect(Y.encodeStateVector(doc)).toEqual(before);
      doc.getMap('schema').set(`v${latest + 1}`, true);
      expect(upgrade(doc)).toMatchObject({ ok: false, code: 'newer_schema' });
    }
  });
});
