import { execFile } from 'node:child_process';
import type { GpuSample } from '@app/contracts';

const QUERY = 'index,name,uuid,memory.total,memory.used,utilization.gpu,temperature.gpu';
const MIB = 1024 * 1024;

/** A figure of nvidia-smi's CSV: `[N/A]`, `[Not Supported]` and the like are null. */
const figure = (value: string | undefined): number | null => {
  const n = Number(value?.trim());
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) ? n : null;
};

/** `nvidia-smi --query-gpu=<QUERY> --format=csv,noheader,nounits`: one card a line. */
export function parseNvidiaSmi(stdout: string): GpuSample[] {
  const cards: GpuSample[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const [index, name, uuid, total, used, util, temp] = line.split(',').map((f) => f.trim());
    const i = figure(index);
    if (i === null || !name) continue;
    const memoryTotal = figure(total);
    const memoryUsed = figure(used);
    const utilization = figure(util);
    cards.push({
      index: i,
      name,
      uuid: uuid && !uuid.startsWith('[') ? uuid : null,
      memoryTotal: memoryTotal === null ? null : memoryTotal * MIB,
      memoryUsed: memoryUsed === null ? null : memoryUsed * MIB,
      memoryUsage: memoryTotal && memoryUsed !== null ? Math.min(100, Math.round((memoryUsed / memoryTotal) * 1000) / 10) : null,
      utilization: utilization === null ? null : Math.min(100, Math.max(0, utilization)),
      temperature: figure(temp),
    });
  }
  return cards.sort((a, b) => a.index - b.index);
}

export interface GpuReader {
  /** The cards now; [] without nvidia-smi or cards. Never rejects. */
  read(): Promise<GpuSample[]>;
}

/**
 * The node's NVIDIA cards through `nvidia-smi` found on PATH. Once it is known to be missing it is looked for
 * again only every `retryMs` (a machine without GPUs does not spawn a process every tick); a card that is gone
 * is simply not in the next answer. A call still running when the next sample is due is not doubled up.
 */
export function nvidiaSmi(opts: { command?: string; timeoutMs?: number; retryMs?: number } = {}): GpuReader {
  const command = opts.command ?? 'nvidia-smi';
  const retryMs = opts.retryMs ?? 60_000;
  let missingSince: number | null = null;
  let running: Promise<GpuSample[]> | null = null;
  let last: GpuSample[] = [];

  const run = () =>
    new Promise<GpuSample[]>((resolve) => {
      execFile(command, [`--query-gpu=${QUERY}`, '--format=csv,noheader,nounits'], { timeout: opts.timeoutMs ?? 5000, windowsHide: true }, (err, stdout) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          missingSince = Date.now();
          return resolve([]);
        }
        missingSince = null;
        // "No devices were found" exits non-zero: no cards.
        resolve(err ? [] : parseNvidiaSmi(String(stdout)));
      });
    });

  return {
    async read() {
      if (missingSince !== null && Date.now() - missingSince < retryMs) return [];
      if (running) return last;
      running = run();
      try {
        last = await running;
        return last;
      } finally {
        running = null;
      }
    },
  };
}
