import type { Room as RoomName } from '@pactline/shared';
import {
  agreementMigrations,
  directoryMigrations,
  handoffLogMigrations,
  latestVersion,
} from '@pactline/shared/doc';
import * as Y from 'yjs';

/**
 * A document's schema version is the highest `v<n>` key in its `schema` map, and clients newer
 * than a document upgrade it; clients older than it only read. So a member who writes `v999999`
 * makes every client read-only, workspace-wide. The relay knows the versions this release's
 * document model has, and refuses an update from a member that adds a higher one: a real upgrade
 * ships the relay first (see the README).
 *
 * A new key of a root map is always written with its parent and key spelled out (it has no origin
 * to take them from), so reading the update's own items is enough.
 */
const latestOf: Record<RoomName['kind'], number> = {
  agreement: latestVersion(agreementMigrations),
  directory: latestVersion(directoryMigrations),
  handoffs: latestVersion(handoffLogMigrations),
};

const versionKey = /^v(\d+)$/;

export function latestSchemaVersion(kind: RoomName['kind']): number {
  return latestOf[kind];
}

/** Why `decoded` may not be applied, or null: it adds a schema version above `latest`. */
export function schemaRefusal(decoded: ReturnType<typeof Y.decodeUpdate>, latest: number): string | null {
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || struct.parent !== ('schema' as unknown) || struct.parentSub === null)
      continue;
    const match = versionKey.exec(struct.parentSub);
    if (match !== null && Number(match[1]) > latest)
      return `schema version ${match[1]} is unknown to this relay (latest ${latest})`;
  }
  return null;
}
