import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { relayMainPath } from '../support/relay-process.js';

const secret = 'token-command-secret-0123456789';

/** Runs `node dist/main.js token ...` as `pnpm --filter @pactline/sync-server token` does. */
function runToken(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [relayMainPath, 'token', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          PACTLINE_SECRET: secret,
          PACTLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'pactline-token-')),
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('the token command line', () => {
  it('prints a token signed with the relay secret, with the claims and expiry asked for', async () => {
    const beforeS = Math.floor(Date.now() / 1000);
    const { code, stdout, stderr } = await runToken([
      '--workspace',
      'acme',
      '--user',
      'ana',
      '--role',
      'editor',
      '--days',
      '7',
      '--name',
      'Ana',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({ ws: 'acme', sub: 'ana', role: 'editor', name: 'Ana' });
    expect(payload.exp).toBeGreaterThanOrEqual(beforeS + 7 * 86_400);
    expect(payload.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 7 * 86_400);
  });

  it('exits with 2 and says what is wrong for a bad role or a missing workspace, printing no token', async () => {
    const badRole = await runToken(['--workspace', 'acme', '--user', 'ana', '--role', 'owner']);
    expect(badRole.code).toBe(2);
    expect(badRole.stdout).toBe('');
    expect(badRole.stderr).toContain('--role must be one of admin, editor, viewer, relay (got "owner")');

    const noWorkspace = await runToken(['--user', 'ana', '--role', 'editor']);
    expect(noWorkspace.code).toBe(2);
    expect(noWorkspace.stdout).toBe('');
    expect(noWorkspace.stderr).toContain('missing --workspace');
    expect(noWorkspace.stderr).toContain('usage: token --workspace');
  });
});
