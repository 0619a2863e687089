import { hostname } from 'node:os';
import { request } from 'undici';
import type { InstanceHealth } from '@app/contracts';
import type { ComfyuiServiceRepository } from './comfyui-service-repository.js';

type Probe = NonNullable<InstanceHealth['instances'][number]['probe']>;

/** One `GET /system_stats` of the instance on `port`, cut off after `timeoutMs` whatever the instance does. */
async function probe(port: number, timeoutMs: number): Promise<Probe> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(`http://127.0.0.1:${port}/system_stats`, { signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode === 200 ? { ok: true, latencyMs: elapsed(), error: null } : { ok: false, latencyMs: elapsed(), error: `/system_stats answered ${res.statusCode}` };
  } catch (err) {
    return { ok: false, latencyMs: elapsed(), error: signal.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message };
  }
}

/**
 * The live instances (starting, running, stopping, crashed) with a fresh probe each, all at once: the answer
 * takes the slowest probe's time, never more than `timeoutMs`. Read-only: nothing is restarted or recorded
 * here (the supervisor's heartbeats do that).
 */
export async function instanceHealth(instances: ComfyuiServiceRepository, timeoutMs: number): Promise<InstanceHealth> {
  const rows = await instances.live();
  return {
    host: hostname(),
    instances: await Promise.all(
      rows.map(async (row) => ({
        serviceId: row.serviceId,
        projectId: row.projectId,
        userId: row.userId,
        port: row.port,
        gpu: row.gpu,
        status: row.status,
        lastHeartbeat: row.lastHeartbeat?.toISOString() ?? null,
        lastError: row.lastError,
        probe: row.port === null ? null : await probe(row.port, timeoutMs),
      })),
    ),
  };
}
