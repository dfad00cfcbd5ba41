import type * as Y from 'yjs';

/**
 * The Yjs layout of a workspace directory document: `agreements` keyed by agreement id and
 * `members` keyed by user id, each holding plain entries replaced whole.
 */
export type DirectoryLayout = { schema: Y.Map<unknown>; agreements: Y.Map<unknown>; members: Y.Map<unknown> };

export function directoryLayout(doc: Y.Doc): DirectoryLayout {
  return {
    schema: doc.getMap('schema'),
    agreements: doc.getMap('agreements'),
    members: doc.getMap('members'),
  };
}
