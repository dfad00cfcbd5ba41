import type { SyncStatus } from '../../protocol/record-view.js';
import type { PlannedWrite } from '../plan-action.js';
import type { WorkspaceSnapshot } from '../workspace-snapshot.js';

/** What the background needs from the workspace's documents, whatever stores and syncs them. */
export interface WorkspacePort {
  /** Resolves once every document has its local (IndexedDB) state loaded. */
  readonly whenLoaded: Promise<void>;
  snapshot(): WorkspaceSnapshot & { isSchemaTooNew: boolean };
  append(write: PlannedWrite): { ok: true } | { ok: false; code: string; message: string };
  /** Called after any document changed, locally or from the relay. Returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  sync(): SyncStatus;
  destroy(): void;
}
