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
  /**
   * The state vector the relay was last known to hold, kept beside the document so that changes
   * made offline before a reload still count as unsent. Optional: without it they do not.
   */
  readRelayStateVector?(): Promise<Uint8Array | undefined>;
  writeRelayStateVector?(stateVector: Uint8Array): Promise<void>;
  destroy(): Promise<void>;
};

const relayStateVectorKey = 'pactline:relay-state-vector';

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
    async readRelayStateVector() {
      const stored: unknown = await persistence.get(relayStateVectorKey);
      return stored instanceof ArrayBuffer ? new Uint8Array(stored) : undefined;
    },
    async writeRelayStateVector(stateVector) {
      await persistence.set(relayStateVectorKey, stateVector.slice().buffer);
    },
    destroy: async () => {
      try {
        await persistence.destroy();
      } catch {
        // A store that never opened has nothing to close.
      }
    },
  };
};
