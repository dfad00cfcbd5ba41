import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Redis from Debian's `redis-server` package, on a unix socket in a temp folder, for tests
 * and benchmarks: no port to race for, no persistence, nothing of the system's service touched.
 */
export type RedisServer = {
  /** The URL relays take in `PACTLINE_REDIS_URL`: `unix://<folder>/redis.sock`. */
  url: string;
  /** Stops the server (SIGKILL: an outage, not a shutdown); everything it held is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same socket, empty, as a restarted Redis without persistence is. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
};

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pactline-redis-'));
  const socket = join(dir, 'redis.sock');
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (!/ready to accept connections/i.test(output) || !existsSync(socket)) return;
        clearInterval(poll);
        resolve();
      }, 10);
      proc.once('error', (error) => {
        clearInterval(poll);
        reject(new Error(`redis-server could not start (install Debian's redis-server): ${error.message}`));
      });
      proc.once('exit', (code) => {
        clearInterval(poll);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    rmSync(socket, { force: true });
  };

  await start();
  return {
    url: `unix://${socket}`,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
