import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The README's first command after setup: `scripts/start.ts` brings up the relay, the PWA and the
 * demo CRM, seeds the demo workspace once, prints where everything is, and stops cleanly on Ctrl-C.
 * Run on free ports and a fresh data folder, twice, to see the second run reuse the data.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Started = { child: ChildProcess; output: string; exited: Promise<number | null> };

function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PACTLINE_DATA_DIR: dataDir,
      PACTLINE_RELAY_PORT: '0',
      PACTLINE_PWA_PORT: '0',
      PACTLINE_CRM_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can send Ctrl-C the way a terminal does: to the whole group.
    detached: true,
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  let output = '';
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolveStart({ child, output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`start exited with ${code} before it was ready:\n${output}`)),
    );
  });
}

const urlAfter = (output: string, label: string) => {
  const match = new RegExp(`${label}\\s+(\\S+)`).exec(output);
  if (!match?.[1]) throw new Error(`start printed no ${label} line:\n${output}`);
  return match[1];
};

describe('the start command', () => {
  it('runs the relay, the PWA and the demo CRM, seeds once, reuses the data and stops on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pactline-start-'));

    const first = await start(dataDir);
    expect(first.output).toContain('Demo workspace "demo" seeded');
    const relayUrl = urlAfter(first.output, 'Relay');
    const pwaUrl = urlAfter(first.output, 'PWA');
    const crmUrl = urlAfter(first.output, 'Demo CRM');
    expect(urlAfter(first.output, 'Extension')).toBe(join(root, 'extension', '.output', 'chrome-mv3'));

    const health = await fetch(`${relayUrl.replace(/^ws/, 'http')}/healthz`);
    expect(health.status).toBe(200);
    expect(await (await fetch(pwaUrl)).text()).toContain('<div id="app">');
    expect(await (await fetch(`${crmUrl}/L-1001`)).text()).toContain('Maya Okafor');
    // The history's leads open in the demo CRM too, as the log's "Open in the CRM" links expect.
    const historyLead = await fetch(`${crmUrl}/H-0001`);
    expect(historyLead.status).toBe(200);
    expect(await historyLead.text()).toMatch(/data-field="name">\S+ \S+</);
    // One sign-in link per demo person, each carrying a token and the relay.
    const links = first.output.match(/#token=[\w.-]+&relay=/g) ?? [];
    expect(links).toHaveLength(4);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await start(dataDir);
    expect(second.output).toContain('found in the data folder: reusing it');
    expect((await fetch(`${urlAfter(second.output, 'Demo CRM')}/H-0001`)).status).toBe(200);
    // A terminal's Ctrl-C reaches the relay child as well as start itself.
    process.kill(-(second.child.pid as number), 'SIGINT');
    expect(await second.exited).toBe(0);
  });
});
