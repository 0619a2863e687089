// What every benchmark here needs: the services as child processes (as `npm start` runs them), a wait for
// them to answer, and percentiles of what was measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeRedis, createRedis } from '@app/service-kit';

/** The nearest-rank percentile p (0–100) of xs. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `node --import tsx <file>` children, stopped together: SIGTERM, then SIGKILL for any still up after 15 s. */
export function childProcesses() {
  const children: ChildProcess[] = [];
  return {
    run(file: string, env: Record<string, string>, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
      const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'inherit'] });
      children.push(child);
      return child;
    },
    async stopAll() {
      const up = children.filter((c) => c.exitCode === null && c.signalCode === null);
      for (const child of up) child.kill('SIGTERM');
      await Promise.all(
        up.map(async (c) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
          if (c.exitCode === null && c.signalCode === null) await once(c, 'exit');
          clearTimeout(timer);
        }),
      );
    },
  };
}

/** Polls `url` until it answers 200 (a minute at most). */
export async function ready(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url, { headers })).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered 200`);
}

const argv = process.argv.slice(2);

/** A number from `--name value`, `--name=value` or BENCH_<NAME>; it may say 100k, 1M, 1e5, 100_000. */
export function option(name: string, fallback: number): number {
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  let raw: string | undefined = env;
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i >= 0) raw = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (raw === undefined) return fallback;
  const m = /^([\d._]+(?:e\d+)?)([kKmM]?)$/.exec(raw.trim());
  if (!m) throw new Error(`--${name}: not a number: ${raw}`);
  const value = Number(m[1].replace(/_/g, '')) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase() as 'k' | 'm'] ?? 1);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${raw}`);
  return Math.round(value);
}

/** `--name`, or BENCH_<NAME> set to 1 or true. */
export function flag(name: string): boolean {
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return argv.includes(`--${name}`) || env === '1' || env === 'true';
}

/** Deletes every Redis key under a bench's prefix; how many. A failure is reported, not thrown: this is cleanup. */
export async function removeRedisKeys(redisUrl: string, prefix: string, name: string): Promise<number> {
  const redis = createRedis(redisUrl, { name });
  let removed = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) removed += await redis.del(...keys);
    }
  } catch (err) {
    console.error(`redis cleanup: ${(err as Error).message}`);
  } finally {
    await closeRedis(redis);
  }
  return removed;
}

/** Ctrl-C or SIGTERM runs `cleanup` (once), then exits 130. */
export function cleanUpOnInterrupt(cleanup: () => Promise<unknown>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

/**
 * A bench's scratch space: teardowns run last-registered first, a temporary data directory, and the Redis keys
 * under the prefix it records; `cleanup` (once, also on Ctrl-C) removes all three.
 */
export function benchScratch(name: string, redisUrl: string) {
  const teardowns: (() => unknown)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  let keyPrefix = '';
  let cleaned = false;
  async function cleanup() {
    if (cleaned) return;
    cleaned = true;
    for (const fn of teardowns.reverse()) await Promise.resolve(fn()).catch((err: Error) => console.error(`cleanup: ${err.message}`));
    if (keyPrefix) await removeRedisKeys(redisUrl, keyPrefix, `${name}-cleanup`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  cleanUpOnInterrupt(cleanup);
  return {
    /** what test kits take as `t`: only `teardown` */
    t: { teardown: (fn: () => unknown) => void teardowns.push(fn) },
    dataDir,
    /** the Redis key prefix the bench's services write under, removed at cleanup */
    useKeyPrefix: (prefix: string) => void (keyPrefix = prefix),
    cleanup,
  };
}

/** A heading line between a bench's phases. */
export const section = (title: string) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 90 - title.length))}`);

/** `pick` one of xs and an integer `between` lo and hi (inclusive), both from `random`, so a seeded run repeats. */
export function pickers(random: () => number) {
  return {
    pick: <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!,
    between: (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}
