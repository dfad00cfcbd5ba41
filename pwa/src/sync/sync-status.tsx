import { useEffect, useState } from 'preact/hooks';
import { combineStatuses, type SyncState, type SyncStatus } from './open-room';
import { useWorkspace } from './workspace';

const labels: Record<SyncStatus, string> = {
  offline: 'Offline',
  connecting: 'Syncing…',
  synced: 'Synced',
  unsent: 'Changes waiting',
};

/** One line for the whole workspace: the status that needs attention first, and why it stopped. */
export function describeSync(states: readonly SyncState[]): {
  status: SyncStatus;
  label: string;
  detail?: string;
} {
  const status = combineStatuses(states);
  const stopped = states.find((state) => state.stopped !== undefined)?.stopped;
  const localError = states.find((state) => state.localError !== undefined)?.localError;
  if (stopped) {
    const label =
      stopped.code === 'token_rejected'
        ? 'Token rejected'
        : stopped.code === 'forbidden'
          ? 'Not allowed'
          : 'Stopped';
    return { status: 'offline', label, detail: stopped.message };
  }
  const waiting = states.some((state) => state.hasUnsentChanges);
  const label = status === 'offline' && waiting ? 'Offline · changes waiting' : labels[status];
  return localError ? { status, label, detail: localError } : { status, label };
}

export function SyncStatusBadge() {
  const workspace = useWorkspace();
  const [states, setStates] = useState<SyncState[]>(() => workspace.states());
  useEffect(() => {
    const update = () => setStates(workspace.states());
    update();
    return workspace.onStatusChange(update);
  }, [workspace]);
  if (workspace.claims === null) {
    return (
      <output class="sync sync-local" data-status="local" aria-live="polite">
        <span class="sync-dot" aria-hidden="true" />
        This device only
      </output>
    );
  }
  const { status, label, detail } = describeSync(states);
  return (
    <output
      class={`sync sync-${status}`}
      data-status={status}
      aria-live="polite"
      title={detail ?? (workspace.waitingRooms().join('\n') || 'Everything is synced')}
    >
      <span class="sync-dot" aria-hidden="true" />
      {label}
    </output>
  );
}
