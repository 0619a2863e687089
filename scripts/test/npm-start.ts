// `npm start` as a newcomer runs it, for the tests of the start script: no DATABASE_URL / REDIS_URL (an
// embedded PostgreSQL and a local redis-server with data in a temporary XL_DATA_DIR), every port free and
// chosen here, the script in a process group of its own (as a terminal runs it).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { freePort } from '@app/testing';

export const SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'] as const;

export interface StartSetup {
  dataDir: string;
  ports: Record<string, number>;
  env: NodeJS.ProcessEnv;
}

/** A data dir removed at teardown, free ports, and the environment `npm start` gets. */
export async function startSetup(t: Test, extraEnv: NodeJS.ProcessEnv = {}): Promise<StartSetup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xl-start-'));
  chmodSync(dataDir, 0o755); // as root, embedded PostgreSQL runs as `postgres` and must enter it
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const ports: Record<string, number> = {};
  for (const s of [...SERVICES, 'gateway-comfy', 'gateway-internal', 'pg', 'redis']) ports[s] = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XL_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(ports.pg),
    LOCAL_REDIS_PORT: String(ports.redis),
    ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase().replace(/-/g, '_')}_PORT`, String(ports[s])])),
    GATEWAY_COMFY_PORT: String(ports['gateway-comfy']),
    GATEWAY_INTERNAL_PORT: String(ports['gateway-internal']),
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.ADMIN_PASSWORD;
  return { dataDir, ports, env };
}

export async function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/** Processes whose command line names `dir` (the platform's PostgreSQL, Redis, ComfyUI instances). */
export function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

export interface Started {
  child: ChildProcess;
  output(): string;
}

/** Runs `node scripts/start.mjs` in its own process group; resolves once it prints that the platform is up. */
export async function startPlatform(t: Test, setup: StartSetup): Promise<Started> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env: setup.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  t.teardown(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  });
  const deadline = Date.now() + 240_000;
  while (!/platform is up/.test(out)) {
    if (child.exitCode !== null) throw new Error(`start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`start never came up:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => out };
}

/** Ctrl-C as a terminal sends it: SIGINT to the whole process group. Resolves with the exit code. */
export async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  process.kill(-child.pid!, 'SIGINT');
  const [code] = await exited;
  return code as number | null;
}

/** Ctrl-C, then: exit 0, every port free, no process of the platform left. */
export async function stopPlatform(t: Test, setup: StartSetup, child: ChildProcess) {
  t.equal(await ctrlC(child), 0, 'Ctrl-C exits cleanly');
  for (const [name, port] of Object.entries(setup.ports)) t.notOk(await listening(port), `${name} port ${port} is free`);
  t.same(processesUsing(setup.dataDir), [], 'no process started by it is left running');
}

/** The supervisor's view: each process's pid, restarts, and why it is down if it is. */
export function supervisorStatus(setup: StartSetup): Record<string, { pid: number | null; restarts: number; down?: string }> {
  return JSON.parse(readFileSync(join(setup.dataDir, 'supervisor.json'), 'utf8'));
}
