import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { relayNodeFlags } from '../sync-server/src/node-flags.js';
import { demoPeople, demoWorkspace } from './demo/demo-workspace.js';
import { seedDemo } from './demo/seed-demo.js';
import type { DemoLead } from './demo-crm/leads.js';
import { startDemoCrm } from './demo-crm/server.js';
import { type StaticServer, serveStatic } from './static-server.js';

/**
 * Runs Pactline on this machine: the relay with its embedded SQLite store in ./data, the PWA, and
 * the demo CRM; seeds the demo workspace on first run; mints a token per demo person; prints where
 * everything is. Ctrl-C stops it all. Ports come from PACTLINE_RELAY_PORT, PACTLINE_PWA_PORT and
 * PACTLINE_CRM_PORT (defaults 1234, 5173, 5175), the data folder from PACTLINE_DATA_DIR.
 */

const root = resolve(import.meta.dirname, '..');
const host = '127.0.0.1';
const env = process.env;
const dataDir = resolve(env.PACTLINE_DATA_DIR ?? join(root, 'data'));
const relayDataDir = join(dataDir, 'relay');
const ports = {
  relay: Number(env.PACTLINE_RELAY_PORT ?? 1234),
  pwa: Number(env.PACTLINE_PWA_PORT ?? 5173),
  crm: Number(env.PACTLINE_CRM_PORT ?? 5175),
};
const relayMain = join(root, 'sync-server', 'dist', 'main.js');
const extensionDir = join(root, 'extension', '.output', 'chrome-mv3');
const pwaDir = join(root, 'pwa', 'dist');

for (const [name, path] of [
  ['relay', relayMain],
  ['PWA', join(pwaDir, 'index.html')],
  ['extension', join(extensionDir, 'manifest.json')],
] as const) {
  if (!existsSync(path)) {
    console.error(`The ${name} is not built (${path} is missing). Run: pnpm build`);
    process.exit(1);
  }
}
mkdirSync(relayDataDir, { recursive: true });

const relayEnv = {
  ...env,
  PACTLINE_HOST: host,
  PACTLINE_PORT: String(ports.relay),
  PACTLINE_DATA_DIR: relayDataDir,
  // Escalation messages link to the handoff in the PWA served here.
  PACTLINE_APP_URL: env.PACTLINE_APP_URL ?? `http://${host}:${ports.pwa}`,
};

function startRelay(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...relayNodeFlags, relayMain], {
    env: relayEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: { msg?: string; level?: string; port?: number } = {};
      try {
        entry = JSON.parse(line);
      } catch {
        // Not a log line of ours: show it as it is.
      }
      if (entry.level === 'error' || entry.level === 'warn' || entry.msg === undefined)
        console.log(`relay: ${line}`);
      if (entry.msg === 'listening' && typeof entry.port === 'number')
        resolveStart({ child, port: entry.port });
    });
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code} before listening`)));
  });
}

function mintToken(user: string, role: string, name: string): string {
  const result = spawnSync(
    process.execPath,
    [
      relayMain,
      'token',
      '--workspace',
      demoWorkspace,
      '--user',
      user,
      '--role',
      role,
      '--days',
      '30',
      '--name',
      name,
    ],
    { env: relayEnv, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`minting a token for ${user} failed: ${result.stderr}`);
  return result.stdout.trim();
}

// Ctrl-C may come at any moment, even while starting: stop whatever is up by then.
const running: {
  relay?: ChildProcess;
  relayExit?: Promise<number | null>;
  pwa?: StaticServer;
  crm?: Server;
} = {};
let isStopping = false;
async function stop(reason: string, exitCode = 0): Promise<never> {
  if (!isStopping) {
    isStopping = true;
    console.log(`\n${reason}: stopping…`);
    if (running.relay?.exitCode === null && running.relay.signalCode === null) running.relay.kill('SIGTERM');
    await Promise.all([
      running.pwa?.stop(),
      running.crm && new Promise((resolveClose) => running.crm?.close(resolveClose)),
      running.relayExit,
    ]);
    console.log('Stopped. Data kept in', dataDir);
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const relay = await startRelay();
running.relay = relay.child;
running.relayExit = new Promise((resolveExit) => relay.child.once('exit', resolveExit));
void running.relayExit.then((code) => {
  // A Ctrl-C in the terminal reaches the relay too; only an exit nobody asked for is an error.
  if (!isStopping) void stop(`the relay stopped (exit ${code})`, code === 0 ? 0 : 1);
});
const relayUrl = `ws://${host}:${relay.port}`;
const pwa = await serveStatic(pwaDir, host, ports.pwa);
running.pwa = pwa;
// The history's leads, written on the first run beside the relay's data, so their CRM links open.
const crmLeadsFile = join(dataDir, 'demo-crm-leads.json');
let crmLeads: DemoLead[] = existsSync(crmLeadsFile) ? JSON.parse(readFileSync(crmLeadsFile, 'utf8')) : [];
const crm = await startDemoCrm(host, ports.crm, () => crmLeads);
running.crm = crm.server;
const crmOrigin = `http://localhost:${crm.port}`;

const seedStartMs = performance.now();
const {
  isSeeded,
  handoffCount,
  crmLeads: seededLeads,
} = await seedDemo({
  relayUrl,
  adminToken: mintToken('pactline-setup', 'admin', 'Pactline setup'),
  signerToken: (userId) =>
    mintToken(userId, 'editor', demoPeople.find((person) => person.userId === userId)?.displayName ?? userId),
  relayToken: mintToken('pactline-setup', 'relay', 'Pactline setup'),
  crmOrigin,
  nowMs: Date.now(),
});
if (isSeeded) {
  crmLeads = seededLeads;
  writeFileSync(crmLeadsFile, JSON.stringify(crmLeads), { mode: 0o600 });
}
const pwaOrigin = `http://localhost:${pwa.port}`;
const lines = [
  '',
  'Pactline is running.',
  '',
  `  Relay        ${relayUrl}   (data in ${relayDataDir})`,
  `  PWA          ${pwaOrigin}`,
  `  Demo CRM     ${crmOrigin}/leads`,
  `  Extension    ${extensionDir}`,
  '               Load it in Chromium: chrome://extensions → Developer mode → Load unpacked → pick that folder.',
  '',
  isSeeded
    ? `  Demo workspace "demo" seeded in ${((performance.now() - seedStartMs) / 1000).toFixed(1)} s: an agreement between Marketing, SDR and AE, and ${handoffCount} handoffs over four months.`
    : '  Demo workspace "demo" found in the data folder: reusing it.',
  '',
  '  Sign in as (each link opens the PWA with that person’s token; paste the token into the',
  '  extension’s options page with the relay URL above):',
];
for (const person of demoPeople) {
  const token = mintToken(person.userId, person.role, person.displayName);
  lines.push('', `  ${person.displayName}, ${person.title}`);
  lines.push(`    ${pwaOrigin}/#token=${token}&relay=${encodeURIComponent(relayUrl)}`);
  lines.push(`    token: ${token}`);
}
lines.push('', 'Press Ctrl-C to stop.', '');
console.log(lines.join('\n'));
