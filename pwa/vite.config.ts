import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy } from './content-security-policy';

export default defineConfig({
  plugins: [
    preact(),
    {
      name: 'pactline-content-security-policy',
      apply: 'build',
      transformIndexHtml: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy },
          injectTo: 'head-prepend',
        },
      ],
    },
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Pactline',
        short_name: 'Pactline',
        description: 'The agreement between marketing, SDRs and account executives, kept and measured.',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The whole app, lazy chunks included, is precached so that a cold start works offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  resolve: { conditions: ['@pactline/source', 'module', 'browser', 'import', 'default'] },
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      // The shared package is pure (its style rules forbid import-time effects), so a screen that
      // imports one schema from its barrel does not drag the calendar engine into the first load.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/shared/src/') },
    },
  },
});
