import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * Where a document is kept on the device. The default is y-indexeddb. y-indexeddb reads the
 * global `indexedDB`, so a test in Node installs fake-indexeddb's globals, or injects another
 * factory here.
 */
export type LocalPersistence = {
  /** The origin of the updates it applies to the document, to tell them from local edits. */
  origin: unknown;
  /** Resolves once the stored state is in the document; rejects if the store cannot be opened. */
  whenLoaded: Promise<void>;
  destroy(): Promise<void>;
};

export type LocalPersistenceFactory = (name: string, doc: Y.Doc) => LocalPersistence;

export const indexeddbPersistence: LocalPersistenceFactory = (name, doc) => {
  const persistence = new IndexeddbPersistence(name, doc);
  // y-indexeddb only ever resolves `whenSynced`; a store that fails to open (private browsing,
  // quota) surfaces as the rejection of its internal open promise.
  const opening = (persistence as unknown as { _db: Promise<unknown> })._db;
  const whenLoaded = new Promise<void>((resolve, reject) => {
    persistence.whenSynced.then(() => resolve(), reject);
    opening.catch(reject);
  });
  return {
    origin: persistence,
    whenLoaded,
    destroy: async () => {
      try {
        await persistence.destroy();
      } catch {
        // A store that never opened has nothing to close.
      }
    },
  };
};
