import { type DirectoryRead, readDirectory } from '@pactline/shared/doc';
import { observeDoc } from '../doc/observe-doc';
import { useRoom, useSubscribed, useWorkspace } from './workspace';

const empty: DirectoryRead = {
  agreements: [],
  members: [],
  problems: [],
  schemaVersion: 0,
  isReadOnly: false,
};

/** The workspace directory (agreements and members), kept current. */
export function useDirectory(): { directory: DirectoryRead; isLoaded: boolean } {
  const workspace = useWorkspace();
  const { connection, isLoaded } = useRoom(workspace.directoryRoom());
  const directory = useSubscribed(
    () => (connection && isLoaded ? readDirectory(connection.doc) : empty),
    (listener) => (connection ? observeDoc(connection.doc, listener) : () => {}),
    [connection, isLoaded],
  );
  return { directory, isLoaded };
}

/** A member's display name, or the user id when the directory does not know them. */
export function memberName(directory: DirectoryRead, userId: string | null | undefined): string {
  if (!userId) return '';
  return directory.members.find((member) => member.userId === userId)?.displayName ?? userId;
}
