import { defineConfig } from 'vitest/config';

// Workspace sources are resolved through the `@pactline/source` export condition, so tests run
// against TypeScript sources without a build; Node itself (the relay, scripts) uses `dist/`.
const conditions = ['@pactline/source', 'module', 'node', 'import', 'default'];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: conditions } };

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
