import { defineConfig } from 'vitest/config';

// Workspace sources are resolved through the `@pactline/source` export condition, so tests run
// against TypeScript sources without a build; Node itself (the relay, scripts) uses `dist/`.
const conditions = ['@pactline/source', 'module', 'node', 'import', 'default'];
const resolve = { conditions };
// Vitest also hands `ssr.resolve.conditions` to Node as `--conditions`, which Node then applies to
// `require` too: with `import` among them, a CommonJS package that requires a dual one (pg requires
// pg-pool) gets its ES module namespace instead of its class. Vite adds `import` or `require` by
// how a module is imported, so only our own condition and `node` are named here.
const ssr = { resolve: { conditions: ['@pactline/source', 'node'], externalConditions: conditions } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'sync-server',
          root: 'sync-server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'extension',
          root: 'extension',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        resolve,
        ssr,
        test: { name: 'pwa', root: 'pwa', include: ['src/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          root: 'test',
          include: ['**/*.test.ts'],
          exclude: ['bench/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
