import type { Activity, HandoffWithEvents } from '@pactline/shared';
import { readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { observeDoc } from '../doc/observe-doc';
import { useWorkspace } from '../sync/workspace';

/**
 * Every handoff, with its events, and every activity of the given months' log documents
 * (`yyyy-mm`), kept current.
 * The measures and the live clocks need whole handoffs; the table reads the lighter rows of the
 * local index. A change to one month re-reads that month only: a full validated read of a busy
 * month (10,000 handoffs) takes a few hundred milliseconds, and the dashboard may hold eight.
 */
export function useHandoffLog(monthList: readonly string[]): {
  handoffs: HandoffWithEvents[];
  activities: Activity[];
  isLoaded: boolean;
} {
  const workspace = useWorkspace();
  const monthsKey = monthList.join(' ');
  const months = useMemo(() => monthsKey.split(' '), [monthsKey]);
  const [state, setState] = useState<{
    handoffs: HandoffWithEvents[];
    activities: Activity[];
    isLoaded: boolean;
  }>({ handoffs: [], activities: [], isLoaded: false });
  useEffect(() => {
    let isCurrent = true;
    const connections = months.map((month) => workspace.acquire(workspace.handoffsRoom(month)));
    const byMonth: HandoffWithEvents[][] = connections.map(() => []);
    const activitiesByMonth: Activity[][] = connections.map(() => []);
    let isLoaded = false;
    const publish = () => {
      if (isCurrent && isLoaded)
        setState({ handoffs: byMonth.flat(), activities: activitiesByMonth.flat(), isLoaded: true });
    };
    const readMonth = (index: number) => {
      const connection = connections[index];
      if (!connection) return;
      const read = readHandoffLog(connection.doc);
      byMonth[index] = read.handoffs;
      activitiesByMonth[index] = read.activities;
    };
    const stops: (() => void)[] = [];
    void Promise.all(connections.map((connection) => connection.whenLoaded)).then(() => {
      if (!isCurrent) return;
      for (let index = 0; index < connections.length; index++) readMonth(index);
      isLoaded = true;
      publish();
      // Listening only now: loading from IndexedDB fires updates, and those months were just read.
      for (const [index, connection] of connections.entries()) {
        stops.push(
          observeDoc(connection.doc, () => {
            readMonth(index);
            publish();
          }),
        );
      }
    });
    return () => {
      isCurrent = false;
      for (const stop of stops) stop();
      for (const connection of connections) workspace.release(connection.room);
    };
  }, [workspace, months]);
  return state;
}
