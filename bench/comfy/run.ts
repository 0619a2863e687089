// ComfyUI orchestrator figures, printed not asserted. Instances are real simulator processes (0 s boot).
// Options: BENCH_OPENS (10), BENCH_INSTANCES (50), DATABASE_URL, REDIS_URL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkflow, simulatorCommand } from '@app/comfyui-sim';
import { percentile } from '../lib.js';
import { loadConfig } from '@app/service-kit';
import { createSeededDatabase, freePort, testKeys } from '@app/testing';
import { buildApp } from '../../services/comfy-orchestrator/src/app.js';
import { ConfigSchema } from '../../services/comfy-orchestrator/src/config.js';

const opens = Number(process.env.BENCH_OPENS ?? 10);
const instances = Number(process.env.BENCH_INSTANCES ?? 50);
const teardowns: (() => unknown)[] = [];
const t = { teardown: (fn: () => unknown) => teardowns.push(fn) };
const dataDir = mkdtempSync(join(tmpdir(), 'bench-comfy-'));
const INTERNAL = { 'x-internal-token': 'internal-token-for-bench-0123456789' };
const HEARTBEAT_MS = 1000;

const fmt = (xs: number[]) => `median ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms (n=${xs.length})`;

async function rawBoot(): Promise<number> {
  // The simulator alone, started and polled the same way, to subtract from the orchestrated figure.
  const port = await freePort();
  const started = performance.now();
  const cmd = simulatorCommand().replace('{port}', String(port)).replaceAll('{dataDir}', join(dataDir, `raw-${port}`));
  const child = spawn('sh', ['-c', `exec ${cmd}`], { stdio: 'ignore', detached: true });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/queue`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - started;
  process.kill(-child.pid!, 'SIGKILL');
  return ms;
}

const config = loadConfig(ConfigSchema, {
  DATABASE_URL: await createSeededDatabase(t, 'Bench-pass-123'),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_KEY_PREFIX: `bench-comfy:${process.pid}:`,
  JWT_PUBLIC_KEY: testKeys().publicKey,
  INTERNAL_TOKEN: INTERNAL['x-internal-token'],
  AUTH_URL: 'http://127.0.0.1:9',
  LOG_LEVEL: 'warn',
  COMFY_PORT_RANGE: '45000-45199',
  COMFY_DATA_DIR: dataDir,
  COMFY_HEARTBEAT_MS: String(HEARTBEAT_MS),
  COMFY_HEARTBEAT_TIMEOUT_MS: '2000',
  COMFY_HEARTBEAT_MISSES: '3',
  COMFY_START_TIMEOUT_MS: '300000',
  COMFYUI_COMMAND: simulatorCommand(),
  COMFY_PUBLIC_URL: 'http://127.0.0.1:8081',
  PROJECTS_URL: 'http://127.0.0.1:9', // instance names only; none are asked here
});
const app = await buildApp(config, { logger: false });
await app.ready();
const open = async (projectId: number) =>
  (await app.inject({ method: 'POST', url: '/internal/instances/open', headers: INTERNAL, payload: { projectId, userId: 1 } })).json().data.serviceId as string;
const row = (serviceId: string) => app.db.comfyuiService.findUniqueOrThrow({ where: { serviceId } });
async function until(serviceId: string, ok: (r: Awaited<ReturnType<typeof row>>) => boolean) {
  for (;;) {
    const r = await row(serviceId);
    if (ok(r)) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
}
const stopAll = () => app.inject({ method: 'POST', url: '/internal/instances/stop-project', headers: INTERNAL, payload: { projectId: 0 } });

try {
  console.log(`ComfyUI orchestrator — simulator instances, heartbeat every ${HEARTBEAT_MS} ms, ${new Date().toISOString()}`);
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) raw.push(await rawBoot());
  const orchestrated: number[] = [];
  for (let i = 0; i < opens; i++) {
    const started = performance.now();
    const id = await open(1000 + i);
    await until(id, (r) => r.status === 'running');
    orchestrated.push(performance.now() - started);
    await app.inject({ method: 'POST', url: '/internal/instances/stop-project', headers: INTERNAL, payload: { projectId: 1000 + i } });
  }
  console.log(`simulator boot alone            ${fmt(raw)}`);
  console.log(`open_comfy → running            ${fmt(orchestrated)}`);
  console.log(`orchestrator overhead           ~${(percentile(orchestrated, 50) - percentile(raw, 50)).toFixed(0)} ms at the median`);

  // Crash: the process killed outright. Detected by the child's exit event (or the heartbeat for adopted ones).
  const crashed: number[] = [];
  const hung: number[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await open(2000 + i);
    const r = await until(id, (x) => x.status === 'running');
    const killed = performance.now();
    process.kill(-r.pid!, 'SIGKILL');
    await until(id, (x) => x.status !== 'running');
    crashed.push(performance.now() - killed);
    await app.inject({ method: 'POST', url: '/internal/instances/stop-project', headers: INTERNAL, payload: { projectId: 2000 + i } });
  }
  console.log(`crash detected (SIGKILL)        ${fmt(crashed)}`);
  // Hang: the process alive, the port open, nothing answering: only heartbeats can tell.
  for (let i = 0; i < 2; i++) {
    const id = await open(3000 + i);
    const r = await until(id, (x) => x.status === 'running');
    process.kill(r.pid!, 'SIGSTOP');
    const frozen = performance.now();
    await until(id, (x) => x.status !== 'running');
    hung.push(performance.now() - frozen);
    await app.inject({ method: 'POST', url: '/internal/instances/stop-project', headers: INTERNAL, payload: { projectId: 3000 + i } });
  }
  console.log(`hang detected (SIGSTOP)         ${fmt(hung)}   (expected ≈ ${config.COMFY_HEARTBEAT_MISSES} misses × max(interval ${HEARTBEAT_MS} ms, timeout ${config.COMFY_HEARTBEAT_TIMEOUT_MS} ms))`);

  // Many at once.
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: instances }, (_, i) => open(4000 + i)));
  const firstRunning: number[] = [];
  await Promise.all(ids.map(async (id) => {
    await until(id, (x) => x.status === 'running' || x.status === 'failed');
    firstRunning.push(performance.now() - started);
  }));
  const rows = await Promise.all(ids.map(row));
  const running = rows.filter((r) => r.status === 'running').length;
  const failures = rows.filter((r) => r.status !== 'running').map((r) => (r.lastError ?? r.status).split('\n')[0]);
  if (failures.length) console.log(`not running: ${[...new Set(failures)].map((f) => `${failures.filter((x) => x === f).length}× ${f}`).join('; ')}`);
  console.log(`${instances} opened at once: ${running} running, all within ${Math.max(...firstRunning).toFixed(0)} ms (median ${percentile(firstRunning, 50).toFixed(0)} ms)`);
  const mark = new Date();
  await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 3));
  const beating = (await Promise.all(ids.map(row))).filter((r) => r.status === 'running' && r.lastHeartbeat && r.lastHeartbeat > mark).length;
  console.log(`${beating}/${running} heartbeating over the next ${HEARTBEAT_MS * 3} ms`);
  const prompted = await Promise.all(
    rows.filter((r) => r.status === 'running').slice(0, 10).map((r) =>
      fetch(`http://127.0.0.1:${r.port}/prompt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: defaultWorkflow() }) }).then((x) => x.status),
    ),
  );
  console.log(`prompts accepted by 10 of them: ${prompted.filter((s) => s === 200).length}/10`);
} finally {
  await stopAll();
  await app.close(); // stops every instance (COMFY_STOP_ON_SHUTDOWN)
  for (const fn of teardowns) await fn();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
