import { demoCrmAdapter } from './generic/demo-crm.js';
import { builtInAdapters } from './registry.js';

/**
 * Every host the extension covers out of the box: the manifest's host permissions and content-script
 * matches. Includes localhost for the demo CRM that `pnpm start` serves.
 */
export const builtInHostPatterns: string[] = [
  ...new Set([...builtInAdapters, demoCrmAdapter].flatMap((adapter) => adapter.hostPatterns)),
];
