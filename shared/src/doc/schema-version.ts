import type * as Y from 'yjs';
import { type WriteFailure, writeFailure } from './doc-result.js';

/**
 * Schema versions of a document and how it is upgraded.
 *
 * The version is a max-register: each upgrade adds the key `v<n>` to the document's `schema` map
 * and the version is the highest key present. Keys are only ever added, so two offline clients
 * that run the same upgrade converge, and a client that knows only v1 can never lower a version
 * set by a newer client (a plain number under last-writer-wins could).
 *
 * Upgrades must be idempotent and additive: they may only set plain values that are missing, to
 * values that depend on the document alone (never on the client, the clock or randomness), and
 * must never create nested shared types (two clients creating the same nested type concurrently
 * keep only one of them, losing the other's content). Root-level types are safe: they merge by name.
 */

export type Migration = { toVersion: number; up: (doc: Y.Doc) => void };

const versionKeyPattern = /^v([1-9]\d{0,5})$/;

export function readSchemaVersion(schema: Y.Map<unknown>): number {
  let version = 0;
  for (const key of schema.keys()) {
    const match = versionKeyPattern.exec(key);
    if (match !== null) version = Math.max(version, Number(match[1]));
  }
  return version;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((latest, migration) => Math.max(latest, migration.toVersion), 0);
}

export type SchemaAccess =
  | { isReadOnly: false; version: number }
  | { isReadOnly: true; version: number; readOnlyReason: string };

export function schemaAccess(schema: Y.Map<unknown>, migrations: readonly Migration[]): SchemaAccess {
  const version = readSchemaVersion(schema);
  const latest = latestVersion(migrations);
  if (version > latest) {
    return {
      isReadOnly: true,
      version,
      readOnlyReason: `this document uses schema version ${version}, newer than this app (${latest}); update the app to edit it`,
    };
  }
  return { isReadOnly: false, version };
}

/**
 * Brings the document to the latest schema this client knows, inside the caller's transaction.
 * Returns a failure when the document is newer than this client.
 */
export function upgradeInTransaction(
  doc: Y.Doc,
  schema: Y.Map<unknown>,
  migrations: readonly Migration[],
): WriteFailure | null {
  const access = schemaAccess(schema, migrations);
  if (access.isReadOnly) return writeFailure('newer_schema', access.readOnlyReason);
  const ordered = [...migrations].sort((a, b) => a.toVersion - b.toVersion);
  for (const migration of ordered) {
    if (migration.toVersion <= access.version) continue;
    migration.up(doc);
    schema.set(`v${migration.toVersion}`, true);
  }
  return null;
}
