import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processStartTime } from './processes.js';

export interface Launch {
  child: ChildProcess;
  pid: number;
  startTime: string;
  logFile: string;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** `{port}`, `{dataDir}`, `{host}`, `{gpu}` in COMFYUI_COMMAND, each shell-quoted. */
export function renderCommand(template: string, vars: { port: number; dataDir: string; gpu?: string | null }): string {
  const values: Record<string, string> = { port: String(vars.port), dataDir: shellQuote(vars.dataDir), host: '127.0.0.1', gpu: vars.gpu ?? '' };
  return template.replace(/\{(port|dataDir|host|gpu)\}/g, (_, key: string) => values[key]);
}

/**
 * Starts one instance: its own process group (so a stop reaches everything it spawns), its own folders
 * (input, output, user, temp, database — never shared between instances), its output in `comfyui.log`.
 */
export function launch(template: string, opts: { port: number; dataDir: string; gpu?: string | null }): Launch {
  const dataDir = resolve(opts.dataDir);
  for (const dir of ['input', 'output', 'user', 'temp']) mkdirSync(join(dataDir, dir), { recursive: true });
  const logFile = join(dataDir, 'comfyui.log');
  const fd = openSync(logFile, 'a');
  const command = renderCommand(template, { ...opts, dataDir });
  const child = spawn('sh', ['-c', `exec ${command}`], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...(opts.gpu != null ? { CUDA_VISIBLE_DEVICES: opts.gpu } : {}) },
  });
  closeSync(fd);
  child.unref(); // the orchestrator may exit and re-adopt it later
  if (!child.pid) throw new Error(`could not start: ${command}`);
  return { child, pid: child.pid, startTime: processStartTime(child.pid) ?? '', logFile };
}

/** The end of an instance's log, for `lastError`: only the last `bytes` are read, however long the log. */
export function logTail(logFile: string, bytes = 2000): string {
  let fd: number | undefined;
  try {
    fd = openSync(logFile, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(bytes, size);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').trim();
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
