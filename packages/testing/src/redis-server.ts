import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Test } from 'tap';
import { freePort } from './ports.js';
import { until } from './poll.js';

export interface PrivateRedis {
  url: string;
  /** SIGKILL: no shutdown save; what survives is what the append-only file already holds. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
}

/**
 * A redis-server of the test's own (the shared one keeps nothing on disk), persisting every write to its
 * append-only file, for tests of what survives a Redis restart. Stopped and removed at teardown.
 */
export async function startPrivateRedis(t: Test): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  async function start() {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    child = proc;
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await until(
        async () => {
          if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
          try {
            if (client.status !== 'ready') await client.connect();
            return (await client.ping()) === 'PONG';
          } catch (err) {
            client.disconnect();
            if ((err as Error).message.startsWith('redis-server exited')) throw err;
            return false;
          }
        },
        (ok) => ok,
        10_000,
        `redis-server on ${port}`,
        50,
      );
    } finally {
      client.disconnect();
    }
  }

  async function kill() {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGKILL');
    await once(proc, 'exit');
  }

  await start();
  t.teardown(async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url, kill, start };
}
