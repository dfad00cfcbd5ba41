import type { Migration } from './schema-version.js';

/**
 * Upgrades of the agreement layout, oldest first. Version 1 is the first layout: it adds nothing,
 * it only records the version. A later upgrade appends here (see the rules in schema-version.ts).
 */
export const agreementMigrations: readonly Migration[] = [
  { toVersion: 1, up: () => {} },
  /**
   * Version 2: a rung of an escalation ladder may name a channel (`{ kind: 'channel' }`), and a
   * response rule may start on a stage the CRM shows (`trigger`). Nothing to move; the version
   * keeps a client that knows only version 1 from editing such rules, which it could not read (or
   * would save without their trigger), and tells it to update.
   */
  { toVersion: 2, up: () => {} },
];
