import type { Member } from '@pactline/shared';
import { removeMember, upsertMember, type WriteResult, writeFailure } from '@pactline/shared/doc';
import type * as Y from 'yjs';
import { useAgreement } from '../agreements/use-agreement';
import { useDirectory } from '../sync/use-directory';
import { useRoom, useWorkspace } from '../sync/workspace';
import { MemberEditor } from './member-editor';

const newMember: Member = { userId: '', displayName: '' };

/**
 * The workspace's people: who is in which team, and the names the CRMs show for them as owners. A
 * rule that starts when a record's owner becomes a member of a party finds the member by these.
 */
export function PeopleScreen() {
  const { directory } = useDirectory();
  const inForce =
    directory.agreements.find((agreement) => agreement.status === 'active') ?? directory.agreements[0];
  return inForce === undefined ? (
    <People parties={[]} />
  ) : (
    <PeopleOfAgreement key={inForce.id} agreementId={inForce.id} />
  );
}

/** The people, with the parties of the agreement in force to put them in. */
function PeopleOfAgreement({ agreementId }: { agreementId: string }) {
  const { read } = useAgreement(agreementId);
  const parties = (read?.agreement?.terms.parties ?? []).map((party) => ({ id: party.id, name: party.name }));
  return <People parties={parties} />;
}

function People({ parties }: { parties: readonly { id: string; name: string }[] }) {
  const workspace = useWorkspace();
  const { directory, isLoaded } = useDirectory();
  const { connection } = useRoom(workspace.directoryRoom());
  const isReadOnly = workspace.isReadOnly || directory.isReadOnly || connection === null;
  const members = directory.members;

  /** A write to the directory document, once it is open. */
  const inDirectory = (write: (doc: Y.Doc) => WriteResult): WriteResult =>
    connection === null
      ? writeFailure('not_initialised', 'The directory is not open yet.')
      : write(connection.doc);
  const saveNew = (member: Member): WriteResult =>
    members.some((existing) => existing.userId === member.userId)
      ? writeFailure('duplicate', `"${member.userId}" is already a member: edit them in the list.`)
      : inDirectory((doc) => upsertMember(doc, member));

  return (
    <section class="screen people" aria-labelledby="people-title">
      <h1 id="people-title">People</h1>
      {workspace.isReadOnly && (
        <p class="notice" role="note">
          You are a viewer: everything is read-only.
        </p>
      )}
      {directory.isReadOnly && (
        <p class="notice" role="note">
          Read-only on this device: {directory.readOnlyReason ?? 'written by a newer version of Pactline'}.
          Update the app to edit it.
        </p>
      )}
      <p class="muted">
        When a rule starts on a new owner, the extension knows a member by their name or by any of the names
        the CRM shows for them.
      </p>
      {isLoaded && members.length === 0 && <p class="empty">Nobody is in this workspace’s directory yet.</p>}
      {members.map((member) => (
        <MemberEditor
          key={member.userId}
          member={member}
          parties={parties}
          isReadOnly={isReadOnly}
          onSave={(next) => inDirectory((doc) => upsertMember(doc, next))}
          onRemove={connection === null ? undefined : () => removeMember(connection.doc, member.userId)}
        />
      ))}
      {!isReadOnly && (
        <>
          <h2>Add a member</h2>
          <MemberEditor member={newMember} parties={parties} isReadOnly={false} isNew onSave={saveNew} />
        </>
      )}
    </section>
  );
}
