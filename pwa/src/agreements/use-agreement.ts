import { isFullySigned } from '@pactline/shared';
import {
  type AgreementRead,
  readAgreement,
  readDirectory,
  settleSignatures,
  upsertDirectoryAgreement,
} from '@pactline/shared/doc';
import { useEffect } from 'preact/hooks';
import { observeDoc } from '../doc/observe-doc';
import type { RoomConnection } from '../sync/open-room';
import { useRoom, useSubscribed, useWorkspace } from '../sync/workspace';

/** An agreement's document and its validated contents, kept current as anyone edits it. */
export function useAgreement(agreementId: string): {
  connection: RoomConnection | null;
  isLoaded: boolean;
  read: AgreementRead | null;
} {
  const workspace = useWorkspace();
  const { connection, isLoaded } = useRoom(workspace.agreementRoom(agreementId));
  const directory = useRoom(workspace.directoryRoom());
  const read = useSubscribed<AgreementRead | null>(
    () => (connection && isLoaded ? readAgreement(connection.doc) : null),
    (listener) => (connection ? observeDoc(connection.doc, listener) : () => {}),
    [connection, isLoaded],
  );
  const agreement = read?.agreement ?? null;
  const canWrite = !workspace.isReadOnly && read !== null && !read.isReadOnly;

  // Signatures made on two offline devices complete the set only once merged: record the snapshot.
  const needsSettling =
    agreement !== null &&
    isFullySigned(agreement.terms.parties, agreement.signatures, agreement.version) &&
    !agreement.signedVersions.some((version) => version.version === agreement.version);
  useEffect(() => {
    if (needsSettling && canWrite && connection) settleSignatures(connection.doc);
  }, [needsSettling, canWrite, connection]);

  // The directory lists each agreement's title, status and next review; keep it in step.
  const summaryKey = agreement
    ? JSON.stringify([agreement.title, agreement.status, agreement.review?.nextReviewDate])
    : '';
  useEffect(() => {
    if (!agreement || !canWrite || !directory.connection || !directory.isLoaded) return;
    const entry = {
      id: agreement.id,
      title: agreement.title,
      status: agreement.status,
      nextReviewDate: agreement.review?.nextReviewDate,
    };
    // Every client that opens the agreement would otherwise rewrite the same entry.
    const current = readDirectory(directory.connection.doc).agreements.find(
      (item) => item.id === agreement.id,
    );
    if (
      current &&
      current.title === entry.title &&
      current.status === entry.status &&
      current.nextReviewDate === entry.nextReviewDate
    ) {
      return;
    }
    const listed = upsertDirectoryAgreement(directory.connection.doc, entry);
    if (!listed.ok) console.warn(`the directory entry of ${agreement.id} was not updated: ${listed.message}`);
  }, [summaryKey, canWrite, directory.connection, directory.isLoaded]);
  return { connection, isLoaded, read };
}
