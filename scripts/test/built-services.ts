// Starting one service process the way the platform does (its own env and ports), from the tsx source or from
// the build in dist/, and timing exec → first /readyz 200. Shared by scripts/test/build-services.test.ts and
// bench/footprint.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { freePort } from '@app/testing';

export const HTTP_SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'] as const;
export type HttpService = (typeof HTTP_SERVICES)[number];

/** argv (after `node`) of a service run through tsx, and of its build. */
export const tsxArgs = (service: string) => ['--import', 'tsx', `services/${service}/src/server.ts`];
export const builtArgs = (outdir: string, service: string) => ['--enable-source-maps', `${outdir}/${service}/server.mjs`];

/**
 * The env of one service: `base` (DATABASE_URL, REDIS_URL, keys…) plus free ports; nothing else of this
 * process's env but PATH and HOME, so no NODE_OPTIONS (no loader) reaches it.
 */
export async function serviceLaunchEnv(service: HttpService, base: Record<string, string>) {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...base, PORT: String(port), HOST: '127.0.0.1' };
  let probePort = port;
  if (service === 'gateway') {
    probePort = await freePort();
    Object.assign(env, { INTERNAL_PORT: String(probePort), INTERNAL_HOST: '127.0.0.1', COMFY_ORIGIN_PORT: String(await freePort()) });
  }
  return { env, port, readyUrl: `http://127.0.0.1:${probePort}/readyz` };
}

export interface Launched {
  child: ChildProcess;
  pid: number;
  /** ms from spawn to the first 200 of /readyz */
  readyMs: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns `node <args>` in `cwd` and waits for its /readyz to answer 200 (every 20 ms), up to `timeoutMs`. */
export async function launch(args: string[], env: Record<string, string>, readyUrl: string, { cwd = process.cwd(), timeoutMs = 90_000 } = {}): Promise<Launched> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before ready:\n${out}`);
    try {
      const res = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {}
    if (performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`node ${args.join(' ')}: ${readyUrl} not 200 within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, pid: child.pid!, readyMs: performance.now() - started, output: () => out, stop };
}

/** Resident memory of a process in MB (10^6 bytes; VmRSS, /proc/<pid>/status). */
export function rssMB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return (kib * 1024) / 1e6;
}

/** The argv of a running process (/proc/<pid>/cmdline) and its NODE_OPTIONS (/proc/<pid>/environ). */
export function processArgs(pid: number): { argv: string[]; nodeOptions: string | undefined } {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return { argv, nodeOptions: environ.find((e) => e.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length) };
}
