/**
 * Group commit, as both stores append: while one batch is being written, the next accumulates, so
 * durability costs one commit per batch rather than per update, and the appends of one turn of the
 * event loop go together.
 */
export type AppendItem = { room: string; update: Uint8Array };

type PendingAppend = AppendItem & { resolve: (seq: number) => void; reject: (error: unknown) => void };

export type GroupCommit = {
  append(room: string, update: Uint8Array): Promise<number>;
  /** Resolves once every append asked for so far is written or refused. */
  drain(): Promise<void>;
};

/** `writeBatch` stores the items in one commit and resolves with their sequence numbers, in order. */
export function groupCommit(
  writeBatch: (items: AppendItem[]) => Promise<number[]>,
  onWritten: (seconds: number) => void,
): GroupCommit {
  let queue: PendingAppend[] = [];
  let isFlushScheduled = false;
  let inFlight: Promise<void> | null = null;

  const pump = () => {
    isFlushScheduled = false;
    if (inFlight !== null || queue.length === 0) return;
    const batch = queue;
    queue = [];
    const started = process.hrtime.bigint();
    inFlight = writeBatch(batch.map(({ room, update }) => ({ room, update })))
      .then(
        (seqs) => {
          onWritten(Number(process.hrtime.bigint() - started) / 1e9);
          for (const [i, item] of batch.entries()) item.resolve(seqs[i] as number);
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        inFlight = null;
        pump();
      });
  };

  return {
    append(room, update) {
      return new Promise((resolve, reject) => {
        queue.push({ room, update, resolve, reject });
        if (!isFlushScheduled) {
          isFlushScheduled = true;
          setImmediate(pump);
        }
      });
    },
    async drain() {
      while (inFlight !== null || queue.length > 0) {
        pump();
        await inFlight;
      }
    },
  };
}
