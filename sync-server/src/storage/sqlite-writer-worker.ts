import { parentPort, workerData } from 'node:worker_threads';
import type { Compaction } from './doc-store.js';
import { openSqliteWriter } from './sqlite-writer.js';

/** Worker-thread entry: runs the SQLite writer and answers each request by id, in order. */
export type WriterRequest =
  | { id: number; kind: 'append'; items: { room: string; update: Uint8Array }[] }
  | { id: number; kind: 'compact'; room: string; snapshot: Uint8Array; compaction: Compaction }
  | { id: number; kind: 'close' };

export type WriterResponse =
  | { id: number; ok: true; seqs?: number[]; throughSeq?: number }
  | { id: number; ok: false; error: string };

const { path, synchronous, isCheckpointingElsewhere } = workerData as {
  path: string;
  synchronous: 'full' | 'normal';
  isCheckpointingElsewhere: boolean;
};
const writer = openSqliteWriter(path, synchronous, isCheckpointingElsewhere);
const port = parentPort!;

port.on('message', (request: WriterRequest) => {
  let response: WriterResponse;
  try {
    if (request.kind === 'append')
      response = { id: request.id, ok: true, seqs: writer.appendBatch(request.items) };
    else if (request.kind === 'compact') {
      const throughSeq = writer.compact(request.room, request.snapshot, request.compaction);
      response = { id: request.id, ok: true, throughSeq };
    } else {
      writer.close();
      response = { id: request.id, ok: true };
    }
  } catch (error) {
    response = { id: request.id, ok: false, error: String(error) };
  }
  port.postMessage(response);
  if (request.kind === 'close') port.close();
});
