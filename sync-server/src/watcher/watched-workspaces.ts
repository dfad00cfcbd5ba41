import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { workspaceIdSchema } from '@pactline/shared';
import { z } from 'zod';

/**
 * The workspaces the watcher has met, kept in the data dir so that after a restart (or kill -9)
 * it resumes watching them before any client connects. Written whole to a temporary file and
 * renamed, so a crash leaves the old list or the new one, never half of one.
 */
const fileSchema = z.array(workspaceIdSchema);

export type WatchedWorkspaces = {
  list(): string[];
  /** Adds a workspace; true when it was new. */
  add(workspace: string): boolean;
};

export function watchedWorkspacesFile(path: string): WatchedWorkspaces {
  const known = new Set<string>();
  if (existsSync(path)) {
    let stored: unknown = null;
    try {
      stored = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // An unreadable list is relearned as clients connect.
    }
    const parsed = fileSchema.safeParse(stored);
    if (parsed.success) for (const workspace of parsed.data) known.add(workspace);
  }
  return {
    list: () => [...known],
    add(workspace) {
      if (known.has(workspace)) return false;
      known.add(workspace);
      writeFileSync(`${path}.tmp`, JSON.stringify([...known]));
      renameSync(`${path}.tmp`, path);
      return true;
    },
  };
}
