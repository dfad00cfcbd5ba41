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

/** One month's document, open for `body`, then left to the workspace to close. */
async function inRoom<T>(workspace: Workspace, room: string, body: (connection: RoomConnection) => T) {
  const connection = workspace.acquire(room);
  try {
    await connection.whenLoaded;
    const result = body(connection);
    const isStored = await whenStored(connection, 20_000);
    return { result, isStored };
  } finally {
    workspace.release(room);
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
  const written = emptyWriteCounts();
  const months: string[] = [];
  let isStored = true;
  for (const batch of importBatches(workspace.workspaceId, plan)) {
    onMonth(batch.month);
    const outcome = await inRoom(workspace, batch.room, (connection) =>
      writeImportBatch(connection.doc, batch),
    );
    for (const key of Object.keys(written) as (keyof WriteCounts)[]) written[key] += outcome.result[key];
    months.push(batch.month);
    isStored &&= outcome.isStored;
  }
  return { ...run, atMs: Date.now(), months, written, isStored };
}

export async function undoRun(
  workspace: Workspace,
  run: Pick<ImportRun, 'importId' | 'months'>,
): Promise<number> {
  let withdrawn = 0;
  for (const month of run.months) {
    const outcome = await inRoom(workspace, workspace.handoffsRoom(month), (connection) =>
      undoImport(connection.doc, run.importId, { userId: workspace.userId, atMs: Date.now() }),
    );
    withdrawn += outcome.result;
  }
  return withdrawn;
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
