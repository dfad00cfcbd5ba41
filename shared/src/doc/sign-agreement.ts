import type * as Y from 'yjs';
import {
  type AgreementTerms,
  isFullySigned,
  type Signature,
  type SignedVersion,
  signatureSchema,
} from '../agreement/agreement.js';
import type { AgreementLayout } from './agreement-layout.js';
import { invalidInput, type WriteResult, writeFailure } from './doc-result.js';
import { readMeta, readSectionsText, readSignatures, readTerms } from './read-agreement.js';
import { writeAgreement } from './write-agreement.js';

/**
 * Signing. Each party's point of contact signs the version in force; once every party has signed
 * it, a snapshot of that version (title, plain-text sections, terms) is recorded and the agreement
 * becomes active. Signatures of different parties merge, so the last two parties may sign on two
 * offline devices: neither sees a complete set, and the snapshot is recorded by whichever client
 * next calls `settleSignatures` (the PWA calls it when the document changes; every signing does).
 */

/** `meta` and `terms` are those the caller read in the same transaction. */
function settle(
  doc: Y.Doc,
  layout: AgreementLayout,
  meta: { version: number; title: string },
  terms: AgreementTerms,
): boolean {
  if (layout.signedVersions.has(String(meta.version))) return false;
  const signatures = readSignatures(layout, []).filter((signature) => signature.version === meta.version);
  if (!isFullySigned(terms.parties, signatures, meta.version)) return false;
  const snapshot: SignedVersion = {
    version: meta.version,
    signedAtMs: Math.max(...signatures.map((signature) => signature.signedAtMs)),
    signatures,
    title: meta.title,
    sections: readSectionsText(doc),
    terms,
  };
  layout.signedVersions.set(String(meta.version), snapshot);
  layout.meta.set('status', 'active');
  return true;
}

/** Records the signed snapshot when every party has signed the version in force. Idempotent. */
export function settleSignatures(doc: Y.Doc): WriteResult<{ isSettled: boolean }> {
  return writeAgreement(doc, (layout) => {
    const meta = readMeta(layout, []);
    // Checked before reading the terms: the PWA settles on every change of a settled agreement.
    if (meta === null || layout.signedVersions.has(String(meta.version)))
      return { ok: true, isSettled: false };
    return { ok: true, isSettled: settle(doc, layout, meta, readTerms(layout, [])) };
  });
}

export function signAgreement(doc: Y.Doc, signature: Signature): WriteResult<{ isFullySigned: boolean }> {
  const parsed = signatureSchema.safeParse(signature);
  if (!parsed.success) return invalidInput(parsed.error.issues, 'the signature');
  const input = parsed.data;
  return writeAgreement(doc, (layout) => {
    const meta = readMeta(layout, []);
    if (meta === null) return writeFailure('not_initialised', 'the agreement cannot be read');
    if (input.version !== meta.version) {
      return writeFailure(
        'stale_version',
        `version ${input.version} is not the version in force (${meta.version}); read the agreement again`,
      );
    }
    const terms = readTerms(layout, []);
    const party = terms.parties.find((candidate) => candidate.id === input.partyId);
    if (party === undefined) return writeFailure('not_found', `no party "${input.partyId}"`);
    if (party.contact.userId !== undefined && party.contact.userId !== input.userId) {
      return writeFailure('not_party_contact', `only ${party.contact.name} signs for ${party.name}`);
    }
    const key = `${input.version}:${input.partyId}`;
    if (layout.signatures.has(key)) {
      return writeFailure('already_signed', `${party.name} has already signed version ${input.version}`);
    }
    layout.signatures.set(key, input);
    settle(doc, layout, meta, terms);
    return { ok: true, isFullySigned: layout.signedVersions.has(String(meta.version)) };
  });
}
