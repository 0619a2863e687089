import { readFileSync } from 'node:fs';

/**
 * The start time of `pid` (field 22 of /proc/<pid>/stat, in clock ticks since boot). With the pid it names
 * one process incarnation: a pid the kernel reused for something else has another start time.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** True while the recorded process (pid + start time) still exists and is not a zombie. */
export function isSameProcess(pid: number | null | undefined, startTime: string | null | undefined): boolean {
  if (!pid || !startTime) return false;
  if (processStartTime(pid) !== startTime) return false;
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Signals a whole process group (an instance and anything it spawned). False when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if anything of it is still alive. */
export async function stopGroup(pgid: number, graceMs: number): Promise<'terminated' | 'killed' | 'gone'> {
  if (!signalGroup(pgid, 'SIGTERM')) return 'gone';
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (!signalGroup(pgid, 0)) return 'terminated';
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 40 && signalGroup(pgid, 0); i++) await new Promise((r) => setTimeout(r, 25));
  return 'killed';
}
