import { useEffect } from 'preact/hooks';
import { type AgreementRead, observeAgreement, readAgreement } from '../doc/agreement-model';
import { putAgreementSummary } from '../doc/directory-model';
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
    () => (connection ? readAgreement(connection.doc) : null),
    (listener) => (connection ? observeAgreement(connection.doc, listener) : () => {}),
    [connection],
  );
  // The directory lists each agreement's title, status and next review; keep it in step.
  const summaryKey = read?.ok
    ? JSON.stringify([
        read.agreement.title,
        read.agreement.status,
        read.agreement.version,
        read.agreement.review,
      ])
    : '';
  useEffect(() => {
    if (!read?.ok || workspace.isReadOnly || !directory.connection || !directory.isLoaded) return;
    const { agreement } = read;
    putAgreementSummary(directory.connection.doc, {
      id: agreement.id,
      title: agreement.title,
      status: agreement.status,
      version: agreement.version,
      nextReviewDate: agreement.review?.nextReviewDate,
      createdAtMs: agreement.createdAtMs,
    });
  }, [summaryKey, directory.connection, directory.isLoaded]);
  return { connection, isLoaded, read };
}
