import { readFileSync } from 'node:fs';

/** Fields 3… of /proc/<pid>/stat (field 2, the command name, may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * The start time of `pid` (field 22 of /proc/<pid>/stat, in clock ticks since boot). With the pid it names
 * one process incarnation: a pid the kernel reused for something else has another start time.
 */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** True while the recorded process (pid + start time) still exists and is not a zombie. */
export function isSameProcess(pid: number | null | undefined, startTime: string | null | undefined): boolean {
  if (!pid || !startTime) return false;
  const fields = statFields(pid);
  return fields !== null && fields[19] === startTime && fields[0] !== 'Z';
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
