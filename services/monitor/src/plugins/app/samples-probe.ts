import { readFile } from 'node:fs/promises';
import os from 'node:os';
import si from 'systeminformation';
import type { CpuSample, DiskMount, DiskSample, NetworkSample, ServerSample } from '@app/contracts';
import { nvidiaSmi, type GpuReader } from './samples-gpu.js';

/**
 * Filesystems that hold no data of their own (or only RAM): never a "disk". systeminformation's fsSize already
 * leaves most of them out (`df -l -x squashfs`, no proc/sysfs); what remains of RAM and container layers goes here.
 */
const PSEUDO_FS = new Set([
  'overlay', 'overlayfs', 'aufs', 'tmpfs', 'devtmpfs', 'ramfs', 'squashfs', 'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts',
  'mqueue', 'hugetlbfs', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'fusectl', 'configfs', 'autofs', 'binfmt_misc',
  'nsfs', 'efivarfs', 'rpc_pipefs', 'shm', 'iso9660', 'fuse.lxcfs', 'fuse.snapfuse', 'nullfs',
]);

/**
 * Real disks only, each device once (a container's bind mounts of one disk are not several disks). With
 * `hostRoot` (an agent in a pod, the node's `/` mounted there) only the node's filesystems count, shown at their
 * place on the node (`/host/data` → `/data`); the container's own mounts are left out.
 */
export function realDisks(mounts: readonly DiskMount[], hostRoot?: string): DiskMount[] {
  const root = hostRoot?.replace(/\/+$/, '');
  const onNode = root
    ? mounts.flatMap((m) => (m.mount === root ? [{ ...m, mount: '/' }] : m.mount.startsWith(`${root}/`) ? [{ ...m, mount: m.mount.slice(root.length) }] : []))
    : mounts;
  const seen = new Set<string>();
  const out: DiskMount[] = [];
  // Shortest mount first: of a device mounted at `/` and at `/etc/hosts`, `/` is the one to show.
  for (const m of [...onNode].sort((a, b) => a.mount.length - b.mount.length || a.mount.localeCompare(b.mount))) {
    if (PSEUDO_FS.has(m.type.toLowerCase()) || PSEUDO_FS.has(m.fs.toLowerCase()) || m.total <= 0) continue;
    if (m.mount.startsWith('/proc') || m.mount.startsWith('/sys/') || m.mount.startsWith('/snap/')) continue;
    if (seen.has(m.fs)) continue;
    seen.add(m.fs);
    out.push(m);
  }
  return out.sort((a, b) => a.mount.localeCompare(b.mount));
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.max(0, Math.round((part / whole) * 1000) / 10)) : 0);

export function diskSummary(mounts: DiskMount[]): DiskSample {
  const total = mounts.reduce((s, m) => s + m.total, 0);
  const used = mounts.reduce((s, m) => s + m.used, 0);
  const free = mounts.reduce((s, m) => s + m.free, 0);
  return { total, used, free, usage: pct(used, used + free), mounts };
}

interface CpuTimes {
  busy: number;
  total: number;
}

/** `cpu` lines of /proc/stat: the total first, then each core. */
export function parseProcStat(text: string): CpuTimes[] {
  const out: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
    out.push({ busy: total - idle, total });
  }
  return out;
}

const busyPct = (now: CpuTimes, before: CpuTimes | undefined) => {
  const total = now.total - (before?.total ?? 0);
  return total > 0 ? pct(now.busy - (before?.busy ?? 0), total) : 0;
};

interface NetCounters {
  rx: number;
  tx: number;
}

/** /proc/net/dev: bytes received and sent per interface since it came up. */
export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name && Number.isFinite(f[0]) && Number.isFinite(f[8])) out.set(name, { rx: f[0], tx: f[8] });
  }
  return out;
}

export interface ProbeOptions {
  /** fsSize spawns `df`: disks are read this often, and the figures reused between. */
  diskIntervalMs: number;
  /** Where the node's `/` is mounted when sampling a node from a container (MONITOR_HOST_ROOT). */
  hostRoot?: string;
  gpu?: GpuReader;
}

/**
 * One machine's figures, each from the cheapest source: /proc/stat (CPU, per core), /proc/meminfo through
 * systeminformation (memory, swap), /proc/net/dev (network counters → rates), systeminformation's fsSize
 * (disks, every `diskIntervalMs` only), nvidia-smi (GPUs, while it is there), os (load, uptime). CPU and network
 * are rates over the time since the previous sample; the first sample's CPU is the average since boot.
 */
export function createProbe(opts: ProbeOptions) {
  const gpu = opts.gpu ?? nvidiaSmi();
  let prevCpu: CpuTimes[] = [];
  let prevNet: { at: number; counters: Map<string, NetCounters> } | null = null;
  let disks: { at: number; value: DiskSample } | null = null;
  let diskRead: Promise<DiskSample> | null = null;
  const model = (() => {
    const m = os.cpus()[0]?.model?.trim();
    return m ? m : null;
  })();

  async function cpu(): Promise<CpuSample> {
    let times: CpuTimes[];
    try {
      times = parseProcStat(await readFile('/proc/stat', 'utf8'));
    } catch {
      // Not Linux: os.cpus() holds the same counters per core.
      const cores = os.cpus().map((c) => ({ busy: c.times.user + c.times.nice + c.times.sys + c.times.irq, total: c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }));
      times = [{ busy: cores.reduce((s, c) => s + c.busy, 0), total: cores.reduce((s, c) => s + c.total, 0) }, ...cores];
    }
    const usage = busyPct(times[0], prevCpu[0]);
    const cores = times.slice(1).map((t, i) => busyPct(t, prevCpu[i + 1]));
    prevCpu = times;
    return { usage, cores, count: cores.length, model };
  }

  async function network(now: number): Promise<NetworkSample> {
    let counters: Map<string, NetCounters>;
    try {
      counters = parseNetDev(await readFile('/proc/net/dev', 'utf8'));
    } catch {
      counters = new Map();
    }
    const seconds = prevNet ? (now - prevNet.at) / 1000 : 0;
    const rate = (now: number, before: number | undefined) => (seconds > 0 && before !== undefined && now >= before ? Math.round((now - before) / seconds) : 0);
    const interfaces = [...counters]
      .filter(([name]) => name !== 'lo')
      .map(([name, c]) => {
        const before = prevNet?.counters.get(name);
        return { name, rxBytesPerSec: rate(c.rx, before?.rx), txBytesPerSec: rate(c.tx, before?.tx), rxBytes: c.rx, txBytes: c.tx };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    prevNet = { at: now, counters };
    return {
      rxBytesPerSec: interfaces.reduce((s, i) => s + i.rxBytesPerSec, 0),
      txBytesPerSec: interfaces.reduce((s, i) => s + i.txBytesPerSec, 0),
      interfaces,
    };
  }

  async function readDisks(): Promise<DiskSample> {
    try {
      const list = await si.fsSize();
      const mounts = realDisks(
        list.map((d) => {
          const used = Math.max(0, d.used);
          const free = Math.max(0, d.available);
          return { mount: d.mount, fs: d.fs, type: d.type, total: Math.max(0, d.size), used, free, usage: pct(used, used + free) };
        }),
        opts.hostRoot,
      );
      return diskSummary(mounts);
    } catch {
      return disks?.value ?? diskSummary([]);
    }
  }

  /** The disks, re-read in the background once they are older than diskIntervalMs (a sample never waits on df but the first). */
  async function disk(now: number): Promise<DiskSample> {
    if (!disks) {
      const value = await readDisks();
      disks = { at: now, value };
      return value;
    }
    if (now - disks.at >= opts.diskIntervalMs && !diskRead) {
      diskRead = readDisks()
        .then((value) => {
          disks = { at: Date.now(), value };
          return value;
        })
        .finally(() => {
          diskRead = null;
        });
    }
    return disks.value;
  }

  return {
    async sample(): Promise<ServerSample> {
      const now = Date.now();
      const [c, mem, net, d, cards] = await Promise.all([cpu(), si.mem(), network(now), disk(now), gpu.read()]);
      const used = Math.max(0, mem.total - mem.available);
      const sample: ServerSample = {
        timestamp: new Date(now).toISOString(),
        cpu: c,
        loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
        memory: { total: mem.total, used, free: mem.free, available: mem.available, usage: pct(used, mem.total) },
        swap: { total: mem.swaptotal, used: mem.swapused, free: mem.swapfree, usage: pct(mem.swapused, mem.swaptotal) },
        disk: d,
        network: net,
        uptime: Math.round(os.uptime()),
      };
      if (cards.length > 0) sample.gpu = cards;
      return sample;
    },
    close(): Promise<void> {
      return diskRead?.then(() => undefined, () => undefined) ?? Promise.resolve();
    },
  };
}
export type Probe = ReturnType<typeof createProbe>;
