import { initAgreement, readAgreement, replaceSectionText, signAgreement } from '@pactline/shared/doc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signatureRefusal, touchesSignatures } from './signature-guard.js';

/**
 * The relay's copy of an agreement (`relayDoc`) and a member's copy (`client`) that starts from it:
 * each test writes on the member's copy and asks the guard about the update that write produced.
 */
function agreementPair() {
  const relayDoc = new Y.Doc();
  const seeded = initAgreement(relayDoc, { id: 'a', title: 'Agreement', createdAtMs: 1_700_000_000_000 });
  if (!seeded.ok) throw new Error('seed failed');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(relayDoc));
  /** The update `write` makes on the member's copy. */
  const updateOf = (write: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    write(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  const refusal = (update: Uint8Array, userId: string, unapplied: Uint8Array[] = []) =>
    signatureRefusal(
      relayDoc,
      unapplied.map((earlier) => [earlier, Y.decodeUpdate(earlier)] as const),
      update,
      Y.decodeUpdate(update),
      userId,
    );
  return { relayDoc, client, updateOf, refusal };
}

const signatureOf = (partyId: string, userId: string, signedAtMs = 1_700_000_100_000) => ({
  partyId,
  userId,
  signerName: userId,
  signedAtMs,
  version: 1,
});

const partiesOf = (doc: Y.Doc) => readAgreement(doc).agreement?.terms.parties.map((party) => party.id) ?? [];

describe('the relay signature guard', () => {
  it('lets a member sign in their own name and refuses a signature in anyone else’s', () => {
    const { updateOf, refusal, client } = agreementPair();
    const [party] = partiesOf(client);
    const own = updateOf((doc) =>
      expect(signAgreement(doc, signatureOf(party as string, 'ana'))).toMatchObject({ ok: true }),
    );
    expect(refusal(own, 'ana')).toBeNull();
    // The same bytes sent by another member: a signature in Ana's name from Ben's connection.
    expect(refusal(own, 'ben')).toBe(`the signature 1:${party} is not in the name of ben`);
  });

  it('does not look further into updates that leave the signatures alone (typing the text)', () => {
    const { relayDoc, updateOf, refusal } = agreementPair();
    const typing = updateOf((doc) => doc.getText('typed').insert(0, 'We agree to answer hot leads fast.'));
    expect(touchesSignatures(relayDoc, [Y.decodeUpdate(typing)])).toBe(false);
    expect(refusal(typing, 'ben')).toBeNull();
    const section = updateOf((doc) =>
      expect(replaceSectionText(doc, 'goals', 'Answer hot leads within 15 minutes.')).toMatchObject({
        ok: true,
      }),
    );
    expect(refusal(section, 'ben')).toBeNull();
  });

  it('refuses changing or deleting a signature already held, even by its own signer’s peer', () => {
    const { relayDoc, client, updateOf, refusal } = agreementPair();
    const [party] = partiesOf(client);
    const key = `1:${party}`;
    const signed = updateOf((doc) => signAgreement(doc, signatureOf(party as string, 'ana')));
    Y.applyUpdate(relayDoc, signed);
    // Ben replaces Ana's signature with his own for the same party: the write names only Ben, and is
    // still refused, since it removes Ana's.
    const replaced = updateOf((doc) =>
      doc.getMap('signatures').set(key, signatureOf(party as string, 'ben')),
    );
    expect(refusal(replaced, 'ben')).toBe(`the signature ${key} cannot be changed or removed`);
    // From a copy of what the relay holds (Ben's refused write is not in it).
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(relayDoc));
    const vector = Y.encodeStateVector(peer);
    peer.getMap('signatures').delete(key);
    const removed = Y.encodeStateAsUpdate(peer, vector);
    expect(touchesSignatures(relayDoc, [Y.decodeUpdate(removed)])).toBe(true);
    expect(refusal(removed, 'ben')).toBe(`the signature ${key} cannot be changed or removed`);
  });

  it('refuses a signature that builds on a refused update, so the refused change never lands later', () => {
    const { relayDoc, client, updateOf, refusal } = agreementPair();
    const [party] = partiesOf(client);
    // Ben's signature in Ana's name is refused; his next signing builds on it and is refused too.
    const forged = updateOf((doc) => signAgreement(doc, signatureOf(party as string, 'ana')));
    expect(refusal(forged, 'ben')).toContain('is not in the name of ben');
    const next = updateOf((doc) => doc.getMap('signatures').set('2:x', signatureOf('x', 'ben')));
    expect(refusal(next, 'ben')).toBe(
      'the update builds on changes the relay does not hold (an update it refused?)',
    );
    expect(readAgreement(relayDoc).agreement?.signatures ?? []).toEqual([]);
  });

  it('refuses a signed version that lists signatures the agreement does not hold', () => {
    const { client, updateOf, refusal } = agreementPair();
    const parties = partiesOf(client);
    const forged = updateOf((doc) =>
      doc.getMap('signedVersions').set('1', {
        version: 1,
        signedAtMs: 1_700_000_100_000,
        signatures: parties.map((party) => signatureOf(party, `${party}-lead`)),
        title: 'Agreement',
        sections: [],
      }),
    );
    expect(refusal(forged, 'ana')).toBe('the signed version 1 lists a signature the agreement does not hold');
  });

  it('lets the last signer record the signed version with everyone’s signatures', () => {
    const { relayDoc, client, updateOf, refusal } = agreementPair();
    const parties = partiesOf(client);
    for (const party of parties.slice(0, -1)) {
      const update = updateOf((doc) => signAgreement(doc, signatureOf(party, `${party}-lead`)));
      expect(refusal(update, `${party}-lead`)).toBeNull();
      Y.applyUpdate(relayDoc, update);
    }
    const last = parties.at(-1) as string;
    const settling = updateOf((doc) =>
      expect(signAgreement(doc, signatureOf(last, `${last}-lead`))).toMatchObject({
        ok: true,
        isFullySigned: true,
      }),
    );
    expect(refusal(settling, `${last}-lead`)).toBeNull();
  });

  it('sees an overwrite that hangs off a signature still on its way to the store', () => {
    const { client, updateOf, refusal } = agreementPair();
    const [party] = partiesOf(client);
    const key = `1:${party}`;
    const own = updateOf((doc) => signAgreement(doc, signatureOf(party as string, 'ben')));
    expect(refusal(own, 'ben')).toBeNull();
    // Accepted, not yet applied to the relay's copy; the next update overwrites it in Ana's name.
    const forged = updateOf((doc) => doc.getMap('signatures').set(key, signatureOf(party as string, 'ana')));
    expect(refusal(forged, 'ben', [own])).toBe(`the signature ${key} cannot be changed or removed`);
  });
});
