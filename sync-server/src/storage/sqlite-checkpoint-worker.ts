import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Worker-thread entry: copies the WAL into the database file every `intervalMs` on its own
 * connection. PASSIVE never waits for or blocks writers, so commits do not pay for this copy or
 * its disk sync; the first commit after a complete copy starts the WAL over, which bounds it.
 */
const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy: the next round tries again.
  }
};
const timer = setInterval(checkpoint, intervalMs);

parentPort!.once('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort!.close();
});
