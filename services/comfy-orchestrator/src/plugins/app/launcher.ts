import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, fstatSync, lchownSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** What an instance may inherit from the orchestrator's environment, whatever else the orchestrator holds. */
const INHERITED = ['PATH', 'LANG', 'TZ'];
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * An instance's whole environment: an allow-list, never the orchestrator's own (DATABASE_URL, INTERNAL_TOKEN,
 * key paths…), since ComfyUI runs user-installed custom nodes. HOME is the instance's own folder.
 */
export function instanceEnv(
  opts: { dataDir: string; gpu?: string | null; passthrough?: readonly string[] },
  from: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...INHERITED, ...(opts.passthrough ?? [])]) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  env.HOME = opts.dataDir;
  if (opts.gpu != null) env.CUDA_VISIBLE_DEVICES = opts.gpu;
  return env;
}

/** The uid and gid an instance runs as, when the orchestrator switches users (COMFY_INSTANCE_UID_BASE). */
export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Hands `dir` and everything under it to `owner`. Symlinks are never followed (lchown, no descent), so a
 * link planted by an earlier process cannot make us chown anything outside the folder.
 */
function chownTree(dir: string, owner: RunAs): void {
  lchownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chownTree(path, owner);
    else lchownSync(path, owner.uid, owner.gid);
  }
}

/**
 * The instance's folder belongs to it alone (0700, its uid): other instances cannot read it. Its parents
 * stay traversable but not listable (0711), so an instance reaches its own folder without seeing others'.
 */
function isolateFolder(dataDir: string, owner: RunAs): void {
  const project = dirname(dataDir);
  for (const dir of [dirname(project), project]) chmodSync(dir, 0o711);
  // Already handed over (a restart): only what the orchestrator just created needs its owner.
  if (lstatSync(dataDir).uid === owner.uid) {
    for (const dir of ['', 'input', 'output', 'user', 'temp']) lchownSync(join(dataDir, dir), owner.uid, owner.gid);
  } else {
    chownTree(dataDir, owner);
  }
  chmodSync(dataDir, 0o700);
}

/**
 * A new instance's ComfyUI settings: the user pressed 数据生成 to generate, so the page opens on the default
 * workflow, ready to run, instead of ComfyUI's first-visit tutorial and template browser. Written once, in
 * ComfyUI's own settings file (`--user-directory`/default/comfy.settings.json); the user may change it there.
 */
function seedSettings(userDir: string): void {
  mkdirSync(join(userDir, 'default'), { recursive: true });
  writeFileSync(join(userDir, 'default', 'comfy.settings.json'), `${JSON.stringify({ 'Comfy.TutorialCompleted': true }, null, 4)}\n`, { flag: 'wx' });
}

const NOFOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * The log is the orchestrator's file in the instance's folder: opened without following links, and only
 * as a plain file of its own, so an instance cannot point it at another file for the orchestrator to write.
 */
function openLog(logFile: string): number {
  const flags = constants.O_WRONLY | constants.O_APPEND | NOFOLLOW;
  try {
    const fd = openSync(logFile, flags | constants.O_CREAT, 0o644);
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.nlink === 1) return fd;
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
  }
  unlinkSync(logFile);
  return openSync(logFile, flags | constants.O_CREAT | constants.O_EXCL, 0o644);
}

/**
 * Starts one instance: its own process group (so a stop reaches everything it spawns), its own folders
 * (input, output, user, temp, database — never shared between instances), its output in `comfyui.log`,
 * an allow-listed environment, and with `runAs` its own uid and a folder only it can read.
 */
export function launch(
  template: string,
  opts: { port: number; dataDir: string; gpu?: string | null; passthrough?: readonly string[]; runAs?: RunAs },
): Launch {
  const dataDir = resolve(opts.dataDir);
  const fresh = !existsSync(join(dataDir, 'user'));
  for (const dir of ['input', 'output', 'user', 'temp']) mkdirSync(join(dataDir, dir), { recursive: true });
  if (fresh) seedSettings(join(dataDir, 'user'));
  if (opts.runAs) isolateFolder(dataDir, opts.runAs);
  const logFile = join(dataDir, 'comfyui.log');
  const fd = openLog(logFile);
  const command = renderCommand(template, { ...opts, dataDir });
  const child = spawn('sh', ['-c', `exec ${command}`], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: instanceEnv({ dataDir, gpu: opts.gpu, passthrough: opts.passthrough }),
    // Node drops supplementary groups (setgroups) before switching to the instance's uid.
    ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
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
    // Not following links: the folder may belong to the instance (see openLog).
    fd = openSync(logFile, constants.O_RDONLY | NOFOLLOW);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return '';
    const size = stat.size;
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
