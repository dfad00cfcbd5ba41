import { builtInAdapters } from './registry.js';

/** Every host the extension covers out of the box: the manifest's host permissions and content-script matches. */
export const builtInHostPatterns: string[] = [
  ...new Set(builtInAdapters.flatMap((adapter) => adapter.hostPatterns)),
];
