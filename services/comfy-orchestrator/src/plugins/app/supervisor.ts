import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { request } from 'undici';
import type { ComfyStatus } from '@app/contracts';
import type { ComfyuiService } from '@app/db';
import { ForbiddenError } from '@app/service-kit';
import { InstanceNotFoundError } from '../../errors.js';
import { ACTIVE, type ComfyuiServiceRepository } from './comfyui-service-repository.js';
import { launch, logTail } from './launcher.js';
import type { PortPool } from './port-pool.js';
import { isSameProcess, signalGroup, stopGroup } from './processes.js';

export interface SupervisorSettings {
  command: string;
  dataDir: string;
  gpus: string[];
  startTimeoutMs: number;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  heartbeatMisses: number;
  maxRestarts: number;
  stopGraceMs: number;
  idleMinutes: number;
  /** Variable names handed to instances besides the built-in allow-list (COMFY_ENV_PASSTHROUGH). */
  envPassthrough?: string[];
  /** Set: each project's instance runs as uid/gid `uidBase + projectId` (COMFY_INSTANCE_UID_BASE). */
  uidBase?: number;
}

interface Runtime {
  /** The pid whose death is being (or was) handled: the exit event and a heartbeat may both see it. */
  handledPid?: number | null;
  misses: number;
  restartTimes: number[];
  freed: boolean;
  restartTimer?: NodeJS.Timeout;
  /** Set while a launch is in progress, so a crash during it is the launch's to handle. */
  launching: boolean;
  /** A heartbeat is in flight: a slow answer must count as one miss, not as one per tick meanwhile. */
  beating?: boolean;
}

const RESTART_WINDOW_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 60_000;
const PORT_ATTEMPTS = 5;

async function answers(port: number, path: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}${path}`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/**
 * Whether the process answering on `port` is the instance using `dataDir`: ComfyUI's `/system_stats` lists
 * its command line, which holds the instance's own folders. Another process on the same port (a leftover,
 * another orchestrator's instance that won a race for the port) is not mistaken for ours.
 */
async function isInstance(port: number, dataDir: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/system_stats`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return false;
    }
    const stats = (await res.body.json()) as { system?: { argv?: string[] } };
    return (stats.system?.argv ?? []).some((arg) => arg.includes(dataDir));
  } catch {
    return false;
  }
}

/**
 * Owns every ComfyUI process: start (own process group, own port and folders), readiness, heartbeats,
 * crash and hang detection with restart and exponential backoff, idle stop, stop (SIGTERM then SIGKILL of
 * the whole group), and re-adoption after the orchestrator itself restarts. The database row is the truth
 * every replica and every restart reads.
 */
export class Supervisor {
  private runtime = new Map<string, Runtime>();
  private readonly groups = new Map<string, { pid: number; startTime: string | null }>();
  private opening = new Map<number, Promise<ComfyuiService>>();
  private heartbeat?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private instances: ComfyuiServiceRepository,
    private ports: PortPool,
    private settings: SupervisorSettings,
    private log: FastifyBaseLogger,
  ) {}

  private rt(serviceId: string): Runtime {
    let r = this.runtime.get(serviceId);
    if (!r) this.runtime.set(serviceId, (r = { misses: 0, restartTimes: [], freed: false, launching: false }));
    return r;
  }

  private update(serviceId: string, data: Partial<ComfyuiService>) {
    // The process groups this orchestrator knows, kept in memory too: a shutdown without the database
    // (PostgreSQL stopping first) must still stop them.
    if (data.pid !== undefined) {
      if (data.pid) this.groups.set(serviceId, { pid: data.pid, startTime: data.pidStartTime ?? null });
      else this.groups.delete(serviceId);
    }
    return this.instances.update(serviceId, data);
  }

  /**
   * The project's instance for this user: reused when it runs, started when none does. Another user's
   * running instance is theirs alone (seed 000 §1: 403 权限不足).
   */
  open(projectId: number, userId: number): Promise<ComfyuiService> {
    // One open per project at a time, so two clicks never start two instances.
    const pending = this.opening.get(projectId);
    const next = (pending ?? Promise.resolve()).catch(() => {}).then(() => this.openNow(projectId, userId));
    this.opening.set(projectId, next);
    void next.finally(() => this.opening.get(projectId) === next && this.opening.delete(projectId)).catch(() => {});
    return next;
  }

  private async openNow(projectId: number, userId: number): Promise<ComfyuiService> {
    // The project's live instance, or the crashed one waiting for its restart.
    const existing = await this.instances.liveOf(projectId);
    if (existing) {
      if (existing.userId !== userId) throw new ForbiddenError('权限不足');
      if (existing.status === 'crashed') return this.restartNow(existing);
      if (existing.status !== 'stopping') return existing;
      await this.waitFor(existing.serviceId, (s) => s !== 'stopping', this.settings.stopGraceMs + 5000);
    }
    const row = await this.instances.create({ projectId, userId, gpu: this.pickGpu() });
    const dataDir = join(this.settings.dataDir, `project-${projectId}`, row.serviceId);
    const created = await this.update(row.serviceId, { dataDir });
    void this.launchInto(created).catch((err) => this.log.error({ err, serviceId: row.serviceId }, 'launch failed'));
    return created;
  }

  private pickGpu(): string | null {
    if (!this.settings.gpus.length) return null;
    // Round robin over the configured devices; a GPU box with more instances than devices shares them.
    const gpu = this.settings.gpus[this.gpuCursor % this.settings.gpus.length];
    this.gpuCursor++;
    return gpu;
  }
  private gpuCursor = 0;

  /** Starts the process and waits until it answers. A launch that never comes up is `failed`, not retried. */
  private async launchInto(row: ComfyuiService): Promise<void> {
    const r = this.rt(row.serviceId);
    r.launching = true;
    const tried: number[] = [];
    try {
      for (let attempt = 0; attempt < PORT_ATTEMPTS && !this.closed; attempt++) {
        const port = await this.ports.allocate(tried);
        if (port === null) {
          await this.update(row.serviceId, { status: 'failed', lastError: 'no free port in COMFY_PORT_RANGE', pid: null });
          return;
        }
        // The reservation holds until the row records the port: from then on `inUse` covers it, and no
        // concurrent launch can be handed the same one.
        let started;
        try {
          const id = this.settings.uidBase === undefined ? undefined : this.settings.uidBase + row.projectId;
          started = launch(this.settings.command, {
            port,
            dataDir: row.dataDir!,
            gpu: row.gpu,
            passthrough: this.settings.envPassthrough,
            runAs: id === undefined ? undefined : { uid: id, gid: id },
          });
          await this.update(row.serviceId, {
            status: 'starting',
            port,
            pid: started.pid,
            pidStartTime: started.startTime,
            startedAt: new Date(),
            stoppedAt: null,
          });
        } finally {
          this.ports.release(port);
        }
        const outcome = await this.waitReady(port, row.dataDir!, started.child, this.settings.startTimeoutMs);
        if (outcome === 'ready') {
          if ((await this.instances.status(row.serviceId)) !== 'starting') {
            await stopGroup(started.pid, this.settings.stopGraceMs); // stopped by its user while it started
            return;
          }
          const now = new Date();
          await this.update(row.serviceId, { status: 'running', lastHeartbeat: now, lastActivity: now });
          r.misses = 0;
          r.freed = false;
          this.watchExit(row.serviceId, started.child);
          this.log.info({ serviceId: row.serviceId, port, pid: started.pid }, 'ComfyUI instance running');
          return;
        }
        await stopGroup(started.pid, 1000);
        const tail = logTail(started.logFile);
        if (outcome === 'exited' && /address already in use/i.test(tail.split('\n').slice(-5).join('\n'))) {
          tried.push(port); // something else took the port between our check and its bind: the next one
          continue;
        }
        if (['stopping', 'stopped'].includes((await this.instances.status(row.serviceId)) ?? '')) return; // stopped meanwhile
        const why = outcome === 'timeout' ? `did not answer within ${this.settings.startTimeoutMs} ms` : 'exited during startup';
        await this.update(row.serviceId, { status: 'failed', lastError: `${why}\n${tail.slice(-1000)}`, pid: null });
        return;
      }
      await this.update(row.serviceId, { status: 'failed', lastError: `ports ${tried.join(', ')} were all taken`, pid: null });
    } finally {
      r.launching = false;
    }
  }

  private async waitReady(port: number, dataDir: string, child: import('node:child_process').ChildProcess, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.closed) {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited' as const;
      if (await isInstance(port, dataDir, 1000)) return 'ready' as const;
      await new Promise((r) => setTimeout(r, 100));
    }
    return child.exitCode !== null ? ('exited' as const) : ('timeout' as const);
  }

  /** Our own children tell us the moment they die; adopted ones are caught by the heartbeat. */
  private watchExit(serviceId: string, child: import('node:child_process').ChildProcess) {
    child.once('exit', (code, signal) => {
      void (async () => {
        if (this.closed) return;
        const row = await this.instances.find(serviceId);
        if (row?.status === 'running' && row.pid === child.pid) await this.crashed(row, `process exited (${signal ?? `code ${code}`})`);
      })().catch((err) => this.log.error({ err, serviceId }, 'exit handling failed'));
    });
  }

  private async crashed(row: ComfyuiService, reason: string) {
    const r = this.rt(row.serviceId);
    if (r.launching || r.restartTimer || r.handledPid === row.pid) return;
    r.handledPid = row.pid;
    const tail = row.dataDir ? logTail(join(row.dataDir, 'comfyui.log'), 1000) : '';
    const now = Date.now();
    r.restartTimes = r.restartTimes.filter((t) => now - t < RESTART_WINDOW_MS);
    if (r.restartTimes.length >= this.settings.maxRestarts) {
      await this.update(row.serviceId, { status: 'failed', lastError: `${reason}; gave up after ${r.restartTimes.length} restarts\n${tail}`, pid: null });
      this.log.error({ serviceId: row.serviceId, reason }, 'ComfyUI instance failed for good');
      return;
    }
    const delay = Math.min(1000 * 2 ** r.restartTimes.length, MAX_BACKOFF_MS);
    await this.update(row.serviceId, { status: 'crashed', lastError: `${reason}\n${tail}`, pid: null });
    this.log.warn({ serviceId: row.serviceId, reason, restartInMs: delay }, 'ComfyUI instance crashed');
    r.restartTimer = setTimeout(() => {
      r.restartTimer = undefined;
      void (async () => {
        const current = await this.instances.find(row.serviceId);
        if (!current || current.status !== 'crashed' || this.closed) return; // stopped meanwhile
        r.restartTimes.push(Date.now());
        await this.update(row.serviceId, { restarts: { increment: 1 } as never, status: 'starting' });
        await this.launchInto(current);
      })().catch((err) => this.log.error({ err }, 'restart failed'));
    }, delay);
    r.restartTimer.unref();
  }

  private async waitFor(serviceId: string, ok: (status: string) => boolean, ms: number) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const s = await this.instances.status(serviceId);
      if (!s || ok(s)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(serviceId: string, reason = 'stopped by user'): Promise<ComfyuiService> {
    const row = await this.instances.find(serviceId);
    if (!row) throw new InstanceNotFoundError();
    const r = this.rt(serviceId);
    clearTimeout(r.restartTimer);
    r.restartTimer = undefined;
    if (!ACTIVE.includes(row.status as ComfyStatus) && row.status !== 'crashed') return row;
    await this.update(serviceId, { status: 'stopping' });
    if (row.pid && isSameProcess(row.pid, row.pidStartTime)) await stopGroup(row.pid, this.settings.stopGraceMs);
    this.log.info({ serviceId, reason }, 'ComfyUI instance stopped');
    return this.update(serviceId, { status: 'stopped', stoppedAt: new Date(), pid: null, lastError: reason === 'stopped by user' ? row.lastError : reason });
  }

  /** Its user wants it now: skip the rest of the backoff. */
  private async restartNow(row: ComfyuiService): Promise<ComfyuiService> {
    const r = this.rt(row.serviceId);
    clearTimeout(r.restartTimer);
    r.restartTimer = undefined;
    r.restartTimes.push(Date.now());
    const fresh = await this.update(row.serviceId, { status: 'starting', restarts: { increment: 1 } as never });
    void this.launchInto(fresh).catch((err) => this.log.error({ err, serviceId: row.serviceId }, 'restart failed'));
    return fresh;
  }

  async restart(serviceId: string): Promise<ComfyuiService> {
    const row = await this.stop(serviceId, 'restarted by user');
    const fresh = await this.update(serviceId, { status: 'starting', restarts: { increment: 1 } as never, lastError: null });
    void this.launchInto(fresh).catch((err) => this.log.error({ err, serviceId }, 'restart failed'));
    return { ...fresh, port: row.port };
  }

  async stopProject(projectId: number) {
    const rows = await this.instances.live(projectId);
    await Promise.all(rows.map((r) => this.stop(r.serviceId, 'project deleted')));
  }

  /** Marks activity from the proxy (throttled by the caller), for the idle stop. */
  async touch(serviceId: string) {
    this.rt(serviceId).freed = false;
    await this.update(serviceId, { lastActivity: new Date() });
  }

  /**
   * After an orchestrator restart: every instance recorded as live is either still the same process and
   * answering (adopted: heartbeats resume) or is cleaned up (its group killed if it lingers). Never an orphan.
   */
  async adopt() {
    const rows = await this.instances.live();
    for (const row of rows) {
      const alive = isSameProcess(row.pid, row.pidStartTime);
      if (alive && row.status !== 'stopping' && row.port && row.dataDir && (await isInstance(row.port, row.dataDir, 2000))) {
        await this.update(row.serviceId, { status: 'running', lastHeartbeat: new Date(), pid: row.pid, pidStartTime: row.pidStartTime });
        this.log.info({ serviceId: row.serviceId, pid: row.pid, port: row.port }, 're-adopted ComfyUI instance');
        continue;
      }
      if (alive && row.pid) await stopGroup(row.pid, this.settings.stopGraceMs);
      await this.update(row.serviceId, { status: 'stopped', stoppedAt: new Date(), pid: null, lastError: 'cleaned up after an orchestrator restart' });
      this.log.warn({ serviceId: row.serviceId, pid: row.pid }, 'cleaned up a ComfyUI instance that was not answering');
    }
  }

  startHeartbeats() {
    const tick = async () => {
      const rows = await this.instances.running();
      await Promise.all(rows.map((row) => this.beat(row).catch((err) => this.log.warn({ err }, 'heartbeat failed'))));
    };
    this.heartbeat = setInterval(() => void tick().catch(() => {}), this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  private async beat(row: ComfyuiService) {
    const r = this.rt(row.serviceId);
    if (r.launching || r.beating) return;
    r.beating = true;
    try {
      await this.beatNow(row, r);
    } finally {
      r.beating = false;
    }
  }

  private async beatNow(row: ComfyuiService, r: Runtime) {
    if (!isSameProcess(row.pid, row.pidStartTime)) return this.crashed(row, 'process is gone');
    if (await answers(row.port!, '/system_stats', this.settings.heartbeatTimeoutMs)) {
      r.misses = 0;
      await this.update(row.serviceId, { lastHeartbeat: new Date() });
    } else if (++r.misses >= this.settings.heartbeatMisses) {
      // Alive but not answering (a hung CUDA call): kill the group and restart.
      signalGroup(row.pid!, 'SIGKILL');
      r.misses = 0;
      return this.crashed(row, `not answering (${this.settings.heartbeatMisses} heartbeats missed)`);
    }
    const idleMs = this.settings.idleMinutes * 60_000;
    const idleFor = Date.now() - (row.lastActivity ?? row.startedAt ?? new Date()).getTime();
    if (idleMs > 0 && idleFor >= idleMs) {
      await this.stop(row.serviceId, `stopped after ${this.settings.idleMinutes} idle minutes`);
    } else if (idleMs > 0 && idleFor >= idleMs / 2 && !r.freed) {
      // Half way to the idle stop, give the GPU memory back (as SwarmUI does) while keeping the instance.
      r.freed = true;
      await request(`http://127.0.0.1:${row.port}/free`, {
        method: 'POST',
        body: JSON.stringify({ unload_models: true, free_memory: true }),
        headers: { 'content-type': 'application/json' },
        headersTimeout: this.settings.heartbeatTimeoutMs,
      })
        .then((res) => res.body.dump())
        .catch(() => {});
    }
  }

  /** Orchestrator shutdown: stop every instance (one machine), or leave them to be re-adopted (k8s). */
  async close(stopInstances: boolean) {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const r of this.runtime.values()) clearTimeout(r.restartTimer);
    if (!stopInstances) return;
    try {
      const rows = await this.instances.live();
      await Promise.all(rows.map((row) => this.stop(row.serviceId, 'orchestrator stopped')));
    } catch (err) {
      // No database (it stopped first): stop what this process knows of; the rows are corrected when the
      // orchestrator next starts and finds these instances gone.
      this.log.warn({ err: (err as Error).message, instances: this.groups.size }, 'database unavailable at shutdown: stopping known instances without it');
      await Promise.all(
        [...this.groups.values()].filter((g) => isSameProcess(g.pid, g.startTime)).map((g) => stopGroup(g.pid, this.settings.stopGraceMs)),
      );
    }
  }
}
