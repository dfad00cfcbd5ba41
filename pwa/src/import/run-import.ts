import type { FileReading, ImportPlan } from '@pactline/shared';
import {
  emptyWriteCounts,
  importBatches,
  undoImport,
  type WriteCounts,
  writeImportBatch,
} from '@pactline/shared/doc';
import type { RoomConnection } from '../sync/open-room';
import type { Workspace } from '../sync/workspace';
import type { ReadMessage, ReadRequest } from './import-worker';

export type ReadProgress = { fileIndex: number; bytesRead: number; totalBytes: number; rows: number };

/** Reads export files in a worker; `cancel` stops it. */
export function readExports(
  request: ReadRequest,
  onProgress: (progress: ReadProgress) => void,
): { done: Promise<FileReading[]>; cancel: () => void } {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  let cancel = () => {};
  const done = new Promise<FileReading[]>((resolve, reject) => {
    cancel = () => {
      worker.terminate();
      reject(new Error('cancelled'));
    };
    worker.onmessage = (event: MessageEvent<ReadMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message);
      else {
        worker.terminate();
        if (message.type === 'done') resolve(message.readings);
        else reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the import worker failed'));
    };
    worker.postMessage(request);
  });
  return { done, cancel };
}

/** Resolves once the relay holds every change of the room, or after `timeoutMs` (then: not yet). */
function whenStored(connection: RoomConnection, timeoutMs: number): Promise<boolean> {
  const isStored = () => connection.state().status === 'synced' && !connection.state().hasUnsentChanges;
  if (isStored()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(false);
    }, timeoutMs);
    const unsubscribe = connection.onState(() => {
      if (!isStored()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(true);
    });
  });
}

/**
 * `body` on each room's document, every room open at once, then waits for the relay to hold all of
 * them (the relay confirms each month in its own time: waiting month by month would add them up).
 */
async function inRooms<T>(
  workspace: Workspace,
  rooms: readonly string[],
  body: (connection: RoomConnection, index: number) => T,
): Promise<{ results: T[]; isStored: boolean }> {
  const held: RoomConnection[] = [];
  try {
    const results: T[] = [];
    for (const [index, room] of rooms.entries()) {
      const connection = workspace.acquire(room);
      held.push(connection);
      await connection.whenLoaded;
      results.push(body(connection, index));
    }
    const stored = await Promise.all(held.map((connection) => whenStored(connection, 60_000)));
    return { results, isStored: stored.every(Boolean) };
  } finally {
    for (const connection of held) workspace.release(connection.room);
  }
}

export type ImportRun = {
  importId: string;
  atMs: number;
  files: string[];
  months: string[];
  written: WriteCounts;
  /** Whether the relay confirmed every month; false: written on this device, syncing later. */
  isStored: boolean;
  /** Set once undone: how many entries the undo withdrew. */
  undoneCount?: number;
};

export async function writeImport(
  workspace: Workspace,
  plan: ImportPlan,
  run: Pick<ImportRun, 'importId' | 'files'>,
  onMonth: (month: string) => void,
): Promise<ImportRun> {
  const batches = importBatches(workspace.workspaceId, plan);
  const outcome = await inRooms(
    workspace,
    batches.map((batch) => batch.room),
    (connection, index) => {
      const batch = batches[index] as (typeof batches)[number];
      onMonth(batch.month);
      return writeImportBatch(connection.doc, batch);
    },
  );
  const written = emptyWriteCounts();
  for (const counts of outcome.results)
    for (const key of Object.keys(written) as (keyof WriteCounts)[]) written[key] += counts[key];
  return {
    ...run,
    atMs: Date.now(),
    months: batches.map((batch) => batch.month),
    written,
    isStored: outcome.isStored,
  };
}

export async function undoRun(
  workspace: Workspace,
  run: Pick<ImportRun, 'importId' | 'months'>,
): Promise<number> {
  const outcome = await inRooms(
    workspace,
    run.months.map((month) => workspace.handoffsRoom(month)),
    (connection) => undoImport(connection.doc, run.importId, { userId: workspace.userId, atMs: Date.now() }),
  );
  return outcome.results.reduce((sum, count) => sum + count, 0);
}

/** The runs this device imported, newest first, so one can be undone later. */
export function savedRuns(storage: Storage, workspaceId: string): ImportRun[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(`pactline:imports:${workspaceId}`) ?? '[]');
    return Array.isArray(parsed) ? (parsed as ImportRun[]) : [];
  } catch {
    return [];
  }
}

export function saveRuns(storage: Storage, workspaceId: string, runs: readonly ImportRun[]): void {
  storage.setItem(`pactline:imports:${workspaceId}`, JSON.stringify(runs.slice(0, 50)));
}
