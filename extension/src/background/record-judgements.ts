import type { WorkspacePort } from './documents/workspace-port.js';
import { judgementsDue } from './judgements.js';
import type { Viewer } from './workspace-snapshot.js';

/**
 * Records the outcomes of the viewer's clocks that came due (a breach at its alarm, a response
 * synced from elsewhere) into the local documents; they reach the relay like any action, later if it
 * is down. Nothing is written from a viewer's token or into documents of a newer schema.
 * Returns how many judgements were written.
 */
export function recordDueJudgements(workspace: WorkspacePort, viewer: Viewer, nowMs: number): number {
  const snapshot = workspace.snapshot();
  if (snapshot.isSchemaTooNew) return 0;
  const judgements = judgementsDue(snapshot, viewer, nowMs);
  if (judgements.length === 0) return 0;
  const written = workspace.append({ kind: 'judgements', judgements });
  if (!written.ok) {
    console.warn(`Pactline: could not record clock outcomes (${written.code}): ${written.message}`);
    return 0;
  }
  return judgements.length;
}
