import type { HandoffWithEvents } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { observeDoc } from '../doc/observe-doc';
import { useWorkspace } from '../sync/workspace';

/**
 * Every handoff, with its events, of the given months' log documents (`yyyy-mm`), kept current.
 * The measures and the live clocks need whole handoffs; the table reads the lighter rows of the
 * local index.
 */
export function useHandoffLog(monthList: readonly string[]): {
  handoffs: HandoffWithEvents[];
  isLoaded: boolean;
} {
  const workspace = useWorkspace();
  const monthsKey = monthList.join(' ');
  const months = useMemo(() => monthsKey.split(' '), [monthsKey]);
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
