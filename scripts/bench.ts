import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs the benchmarks under test/bench/ one after another (they share two cores, so never in
 * parallel) and prints their figures. `pnpm bench relay` runs only the files whose name matches.
 * Benchmarks are not tests: they print figures and never decide pass or fail.
 */
const benchDir = join(import.meta.dirname, '..', 'test', 'bench');
const filter = process.argv[2];
const files = readdirSync(benchDir)
  .filter((name) => /-bench\.ts$/.test(name))
  .filter((name) => filter === undefined || name.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${filter ?? '*'} in ${benchDir}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=@pactline/source', '--import', 'tsx', join(benchDir, file)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
