import { demoCrmAdapter } from './generic/demo-crm.js';

/**
 * A store build (`pnpm --filter extension build:store`) leaves out the demo CRM's hosts
 * (`http://localhost/*`, `http://127.0.0.1/*`): the extension needs them only to try it on the demo
 * CRM that `pnpm start` serves, and a store listing should not ask every user for access to their
 * local servers. A user can still add a local CRM from the options page (an optional permission).
 */
type ManifestHosts = {
  host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
};

const demoHosts = new Set(demoCrmAdapter.hostPatterns);

/** Removes the demo CRM's hosts from the manifest's host permissions and content-script matches, in place. */
export function withoutDemoCrmHosts<M extends ManifestHosts>(manifest: M): M {
  if (manifest.host_permissions) {
    manifest.host_permissions = manifest.host_permissions.filter((pattern) => !demoHosts.has(pattern));
  }
  for (const script of manifest.content_scripts ?? []) {
    if (script.matches) script.matches = script.matches.filter((pattern) => !demoHosts.has(pattern));
  }
  return manifest;
}
