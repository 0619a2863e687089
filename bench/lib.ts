// What every benchmark here needs: the services as child processes (as `npm start` runs them), a wait for
// them to answer, and percentiles of what was measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

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
