import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { builtInHostPatterns } from './src/crm/host-patterns';
import { withoutDemoCrmHosts } from './src/crm/store-manifest';

// `PACTLINE_STORE_BUILD=1` (pnpm build:store): a build for the stores, without the demo CRM's
// localhost hosts, into .output/<browser>-mv3-store so it never replaces the build `pnpm start` loads.
const isStoreBuild = process.env.PACTLINE_STORE_BUILD === '1';

export default defineConfig({
  srcDir: 'src',
  imports: false,
  ...(isStoreBuild ? { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-store' } : {}),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (isStoreBuild) withoutDemoCrmHosts(manifest);
    },
  },
  // Manifest V3 for Firefox too: the background uses `action`, `scripting` and optional host permissions.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Pactline',
    description: 'Live SLA countdowns and handoff checklists on your CRM pages.',
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: builtInHostPatterns,
    // Custom Salesforce domains and user-configured CRMs are asked for at runtime from the options page.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Pactline' },
    // Firefox needs an add-on id for storage and alarms under Manifest V3.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'extension@pactline.app',
              // Nothing leaves the user's devices except to the relay their own workspace runs.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
    // The overlay's shadow root is closed in the store build, so a CRM page's scripts cannot read
    // or reach into it; the development build (the one `pnpm start` loads and the end-to-end tests
    // drive) keeps it open, because Playwright's locators only pierce open roots.
    define: { __PACTLINE_OVERLAY_SHADOW_MODE__: JSON.stringify(isStoreBuild ? 'closed' : 'open') },
    resolve: { conditions: ['@pactline/source', 'module', 'browser', 'import', 'default'] },
  }),
});
