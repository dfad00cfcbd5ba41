import type { HandoffWithEvents } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { observeDoc } from '../doc/observe-doc';
import { useWorkspace } from '../sync/workspace';
import { recentMonths } from './use-handoff-rows';

/**
 * Every handoff, with its events, of the recent months' log documents, kept current. The measures
 * and the live clocks need whole handoffs; the table reads the lighter rows of the local index.
 */
export function useHandoffLog(
  nowMs: number,
  monthCount = 3,
): { handoffs: HandoffWithEvents[]; isLoaded: boolean } {
  const workspace = useWorkspace();
  const months = useMemo(() => recentMonths(nowMs, monthCount), [nowMs, monthCount]);
  const [state, setState] = useState<{ handoffs: HandoffWithEvents[]; isLoaded: boolean }>({
    handoffs: [],
    isLoaded: false,
  });
  useEffect(() => {
    let isCurrent = true;
    const connections = months.map((month) => workspace.acquire(workspace.handoffsRoom(month)));
    const read = () => {
      if (!isCurrent) return;
      const handoffs = connections.flatMap((connection) => readHandoffLog(connection.doc).handoffs);
      setState({ handoffs, isLoaded: true });
    };
    void Promise.all(connections.map((connection) => connection.whenLoaded)).then(read);
    const stops = connections.map((connection) => observeDoc(connection.doc, read));
    return () => {
      isCurrent = false;
      for (const stop of stops) stop();
      for (const connection of connections) workspace.release(connection.room);
    };
  }, [workspace, months]);
  return state;
}
