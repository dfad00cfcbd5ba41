import { useEffect, useState } from 'preact/hooks';
import { combineStatuses, type SyncStatus } from './open-room';
import { useWorkspace } from './workspace';

const labels: Record<SyncStatus, string> = {
  offline: 'Offline',
  connecting: 'Syncing…',
  synced: 'Synced',
  unsent: 'Changes waiting',
};

export function SyncStatusBadge() {
  const workspace = useWorkspace();
  const [status, setStatus] = useState<SyncStatus>(() => combineStatuses(workspace.statuses()));
  useEffect(() => {
    const update = () => setStatus(combineStatuses(workspace.statuses()));
    update();
    return workspace.onStatusChange(update);
  }, [workspace]);
  const isLocalOnly = workspace.claims === null;
  return (
    <output class={`sync sync-${status}`} data-status={status} aria-live="polite" title="Sync status">
      <span class="sync-dot" aria-hidden="true" />
      {isLocalOnly ? 'This device only' : labels[status]}
    </output>
  );
}
