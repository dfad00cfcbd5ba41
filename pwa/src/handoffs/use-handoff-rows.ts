import { observeHandoffLog, readHandoffLog } from '@pactline/shared/doc';
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as Y from 'yjs';
import type { RoomConnection } from '../sync/open-room';
import { useWorkspace } from '../sync/workspace';
import { HandoffRowIndex } from './handoff-query';
import { projectHandoff } from './handoff-row';
import { HandoffStore } from './handoff-store';

/** The months whose log documents are kept open and projected: this one and the two before. */
export function recentMonths(nowMs: number, count = 3): string[] {
  const now = new Date(nowMs);
  const out: string[] = [];
  for (let back = 0; back < count; back++) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    out.push(date.toISOString().slice(0, 7));
  }
  return out;
}

function digestOf(doc: Y.Doc): string {
  const vector = Y.encodeStateVector(doc);
  let binary = '';
  for (const byte of vector) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Projects one month's document into the store whenever it changes; returns true if it wrote. */
export async function projectMonth(store: HandoffStore, month: string, doc: Y.Doc): Promise<boolean> {
  const digest = digestOf(doc);
  if ((await store.digestOf(month)) === digest) return false;
  const { handoffs } = readHandoffLog(doc);
  await store.putMonth(month, digest, handoffs.map(projectHandoff));
  return true;
}

/**
 * The log's rows from the local index, kept current: each recent month's document is opened and
 * re-projected as it changes (locally or from the relay).
 */
export function useHandoffRows(nowMs: number): {
  index: HandoffRowIndex;
  isLoaded: boolean;
  store: HandoffStore;
} {
  const workspace = useWorkspace();
  const store = useMemo(() => new HandoffStore(workspace.workspaceId), [workspace]);
  const [index, setIndex] = useState(() => new HandoffRowIndex([]));
  const [isLoaded, setIsLoaded] = useState(false);
  const months = useMemo(() => recentMonths(nowMs), [nowMs]);

  useEffect(() => {
    let isCurrent = true;
    const reload = async () => {
      const rows = await store.allRows();
      if (isCurrent) {
        setIndex(new HandoffRowIndex(rows));
        setIsLoaded(true);
      }
    };
    void reload();
    const connections: RoomConnection[] = [];
    const stops: (() => void)[] = [];
    for (const month of months) {
      const room = workspace.handoffsRoom(month);
      const connection = workspace.acquire(room);
      connections.push(connection);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const schedule = () => {
        // Coalesce a burst of updates (a sync brings many) into one projection.
        clearTimeout(timer);
        timer = setTimeout(async () => {
          if (isCurrent && (await projectMonth(store, month, connection.doc))) await reload();
        }, 50);
      };
      void connection.whenLoaded.then(schedule);
      stops.push(
        observeHandoffLog(connection.doc, () => schedule()),
        () => clearTimeout(timer),
      );
    }
    return () => {
      isCurrent = false;
      for (const stop of stops) stop();
      for (const connection of connections) workspace.release(connection.room);
    };
  }, [workspace, store, months]);

  useEffect(() => () => store.close(), [store]);
  return { index, isLoaded, store };
}
