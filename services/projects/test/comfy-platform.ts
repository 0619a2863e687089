// The whole platform for the data-generation flows: auth, projects, the comfy-orchestrator (real simulator
// child processes on a private port block, in a private data dir) and the real gateway in front.
// Shared by services/projects/test, services/gateway/test/comfy-e2e.test.ts and the workbench browser test.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { privatePortRange, until } from '@app/testing';
import { startPlatform, type Platform } from '../../gateway/test/platform.js';
import { startRelay } from './relay.js';


export interface ComfyPlatform extends Platform {
  dataDir: string;
  portRange: [number, number];
}

/** The platform with projects + comfy-orchestrator; everything it started is stopped at `t`'s end. */
export async function startComfyPlatform(
  t: Test,
  opts: { webDist?: string; env?: Record<string, string>; withStats?: boolean } = {},
): Promise<ComfyPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xl-comfy-e2e-'));
  chmodSync(dataDir, 0o755);
  // Registered first, so it runs last (tap runs teardowns in reverse): after the apps have closed.
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const range = privatePortRange();
  // The orchestrator asks projects for project names, but is built before projects listens: it gets a relay,
  // pointed at projects once it listens (registered before the platform, so closed after it).
  const projectsRelay = await startRelay(t);
  const p = await startPlatform(t, {
    // The orchestrator first: startPlatform builds backends in this order and hands each the URLs known so
    // far, so projects built before it would call the closed placeholder port for every instance request.
    backends: opts.withStats ? ['comfy-orchestrator', 'projects', 'stats'] : ['comfy-orchestrator', 'projects'],
    webDist: opts.webDist,
    env: {
      COMFY_PORT_RANGE: range,
      COMFY_DATA_DIR: dataDir,
      COMFY_HEARTBEAT_MS: '300',
      COMFY_STOP_GRACE_MS: '3000',
      PROJECTS_URL: projectsRelay.url,
      ...opts.env,
    },
  });
  projectsRelay.target = p.env.PROJECTS_URL;
  const [first, last] = range.split('-').map(Number);
  return Object.assign(p, { dataDir, portRange: [first, last] as [number, number] });
}



export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


export interface ServiceView {
  serviceId: string;
  userId: number;
  projectId: number;
  port: number | null;
  pid: number | null;
  status: string;
  lastError: string | null;
}

/** GET /api/comfy/services/:id through the gateway. */
export async function serviceOf(p: Platform, token: string, serviceId: string): Promise<ServiceView> {
  const res = await p.fetch(`/api/comfy/services/${serviceId}`, { token });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`GET /api/comfy/services/${serviceId}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

/** Polls the instance through the gateway until it runs (a failed or stopped one fails at once). */
export function untilRunning(p: Platform, token: string, serviceId: string, ms = 60_000): Promise<ServiceView> {
  return until(
    async () => {
      const s = await serviceOf(p, token, serviceId);
      if (['failed', 'stopped'].includes(s.status)) throw new Error(`instance ${serviceId} is ${s.status}: ${s.lastError}`);
      return s;
    },
    (s) => s.status === 'running',
    ms,
    `instance ${serviceId} running`,
  );
}

/** Creates a project through the gateway; returns its id. */
export async function createProject(p: Platform, token: string, code: string, name = `Project ${code}`): Promise<number> {
  const res = await p.fetch('/api/projects', { method: 'POST', token, body: JSON.stringify({ name, code, note: `note of ${code}` }) });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create project ${code}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.id;
}

/** open_comfy through the gateway, then waits until the instance runs. */
export async function openRunning(p: Platform, token: string, projectId: number) {
  const res = await p.fetch(`/api/projects/${projectId}/open_comfy`, { method: 'POST', token });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`open_comfy ${projectId}: ${res.status} ${JSON.stringify(body)}`);
  const service = await untilRunning(p, token, body.data.serviceId);
  return { open: body.data as { serviceId: string; status: string; url: string }, service };
}

/** Follows a ticket url as a browser's new tab does: the instance's session cookie from the 302. */
export async function instanceCookie(p: Platform, ticketUrl: string): Promise<string> {
  const res = await p.comfyFetch(ticketUrl, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xl_comfy='));
  if (res.status !== 302 || !cookie) throw new Error(`ticket not accepted: ${res.status}`);
  return cookie.split(';')[0];
}

export { alive, processesUnder, until } from '@app/testing';
