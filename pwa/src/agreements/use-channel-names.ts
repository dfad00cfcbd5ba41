import { useEffect, useState } from 'preact/hooks';
import { type ChannelName, relayAdmin } from '../settings/relay-admin';
import type { Workspace } from '../sync/workspace';

/**
 * The relay's escalation channels by name, for picking one in a rule: asked once while `isWanted`
 * (the rules are on screen and this member may edit them). Null until the relay answers, when it
 * cannot be reached, and in a workspace with no relay: the picker then lists the channels rules
 * already name, by the names they were picked by.
 */
export function useChannelNames(workspace: Workspace, isWanted: boolean): readonly ChannelName[] | null {
  const [channels, setChannels] = useState<readonly ChannelName[] | null>(null);
  const canAsk = isWanted && workspace.claims !== null && !workspace.isReadOnly && workspace.relayUrl !== '';
  useEffect(() => {
    if (!canAsk) return;
    let isCurrent = true;
    relayAdmin(workspace, workspace.workspaceId)
      .channelNames()
      .then((answer) => {
        if (isCurrent) setChannels(answer.ok ? answer.value.channels : null);
      });
    return () => {
      isCurrent = false;
    };
  }, [canAsk, workspace]);
  return canAsk ? channels : null;
}
