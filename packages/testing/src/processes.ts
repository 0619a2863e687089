import { execFileSync } from 'node:child_process';

/** `ps` lines of the processes whose command line mentions `dir`: what a test started there. */
export function processesUnder(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir) && !/\bps -eo\b/.test(line));
}

export function alive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
