// The orchestrator built from its real app over a private seeded database, a private Redis namespace,
// a private port range and data dir; instances are real simulator child processes.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { simulatorCommand } from '@app/comfyui-sim';
import { loadConfig } from '@app/service-kit';
import { TEST_INTERNAL_TOKEN, createSeededDatabase, privatePortRange, testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';

export const INTERNAL = { 'x-internal-token': TEST_INTERNAL_TOKEN };


export async function orchestratorEnv(t: Test, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'comfy-test-'));
  chmodSync(dataDir, 0o755);
  return {
    ...testServiceEnv(await createSeededDatabase(t, 'Admin-pass-123'), 'orch'),
    COMFY_PORT_RANGE: privatePortRange(),
    COMFY_DATA_DIR: dataDir,
    COMFY_HEARTBEAT_MS: '200',
    COMFY_HEARTBEAT_TIMEOUT_MS: '300',
    COMFY_HEARTBEAT_MISSES: '3',
    COMFY_STOP_GRACE_MS: '2000',
    COMFYUI_COMMAND: simulatorCommand(),
    ...env,
  };
}

export async function startOrchestrator(t: Test, env: Record<string, string>) {
  const app = await buildApp(loadConfig(ConfigSchema, env), { logger: false });
  await app.ready();
  t.teardown(() => app.close());
  const open = async (projectId: number, userId: number) => {
    const res = await app.inject({ method: 'POST', url: '/internal/instances/open', headers: INTERNAL, payload: { projectId, userId } });
    return { status: res.statusCode, body: res.json() };
  };
  const row = (serviceId: string) => app.db.comfyuiService.findUniqueOrThrow({ where: { serviceId } });
  /** Waits until the instance reaches `status` (or fails the test after `ms`). */
  const until = async (serviceId: string, check: (r: Awaited<ReturnType<typeof row>>) => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = await row(serviceId);
      if (check(r)) return r;
      if (Date.now() > deadline) throw new Error(`instance ${serviceId} stuck in ${r.status}: ${r.lastError}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  return { app, open, row, until };
}



/** Sends a prompt straight to an instance (as a user's browser would through the proxy). */
export async function sendPrompt(port: number, workflow: object) {
  const res = await fetch(`http://127.0.0.1:${port}/prompt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: workflow, client_id: 'test' }),
  });
  return res.status;
}

export { alive, processesUnder } from '@app/testing';
