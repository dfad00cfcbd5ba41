import type { Migration } from './schema-version.js';

/**
 * Upgrades of the agreement layout, oldest first. Version 1 is the first layout: it adds nothing,
 * it only records the version. A later upgrade appends here (see the rules in schema-version.ts).
 */
export const agreementMigrations: readonly Migration[] = [{ toVersion: 1, up: () => {} }];
