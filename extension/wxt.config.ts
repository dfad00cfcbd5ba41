import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'src',
  imports: false,
  manifest: {
    name: 'Pactline',
    description: 'Live SLA countdowns and handoff checklists on your CRM pages.',
  },
  vite: () => ({
    plugins: [preact()],
    resolve: { conditions: ['@pactline/source', 'module', 'browser', 'import', 'default'] },
  }),
});
