import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDocStore } from './sqlite-doc-store.js';
import { describeDocStoreContract } from './testing/doc-store-contract.js';

describeDocStoreContract('SQLite', {
  fresh: async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pactline-store-')), 'relay.sqlite');
    return {
      open: async (observe) =>
        openSqliteDocStore({ path, synchronous: 'full', writer: 'inline', checkpoints: 'inline', observe }),
    };
  },
});
