import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const importFixtures = join(root, 'test/import/fixtures');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `pnpm pactline import …` as a person runs it (the script itself, under tsx, from the repository
 * root), with arguments ending in `.csv` taken in `folder`.
 */
export function runImportCli(
  folder: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'scripts/pactline.ts'),
        'import',
        ...args.map((arg) => (arg.endsWith('.csv') ? join(folder, arg) : arg)),
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}
