// Test helpers: start the simulator as a REAL child process (the orchestrator's command), talk HTTP/WS to it,
// and make sure no child outlives the test file.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { fillTemplate, simulatorArgv } from '../src/index.js';

type T = { teardown(fn: () => unknown): void };

const children = new Set<ChildProcess>();
export const spawnedPids: number[] = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Sim {
  child: ChildProcess;
  pid: number;
  port: number;
  dataDir: string;
  startedAt: number;
  stdout(): string;
  stderr(): string;
  /** resolves with the time (ms since epoch) the pattern first appeared on stderr */
  waitForStderr(re: RegExp, timeoutMs?: number): Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): void;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  port?: number;
  /** wait for "To see the GUI go to" (default true) */
  ready?: boolean;
}

export async function startSim(t: T, o: StartOptions = {}): Promise<Sim> {
  const port = o.port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'comfyui-sim-test-'));
  const [cmd, ...rest] = simulatorArgv().map((a) => fillTemplate(a, { port, dataDir }));
  const child = spawn(cmd!, [...rest, ...(o.args ?? [])], {
    cwd: tmpdir(), // the command must work from any cwd
    env: { ...process.env, ...(o.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  spawnedPids.push(child.pid!);
  let out = '';
  let err = '';
  const waiters: Array<{ re: RegExp; resolve: (at: number) => void }> = [];
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    const now = Date.now();
    for (const w of [...waiters]) {
      if (w.re.test(err)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(now);
      }
    }
  });
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null; at: number } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal, at: Date.now() };
      children.delete(child);
      resolve(exitInfo);
    });
  });
  const sim: Sim = {
    child,
    pid: child.pid!,
    port,
    dataDir,
    startedAt: Date.now(),
    stdout: () => out,
    stderr: () => err,
    waitForStderr(re, timeoutMs = 20000) {
      if (re.test(err)) return Promise.resolve(Date.now());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re} on stderr; got:\n${err}`)), timeoutMs);
        const w = { re, resolve: (at: number) => { clearTimeout(timer); resolve(at); } };
        waiters.push(w);
        void exited.then((x) => {
          if (waiters.includes(w)) {
            clearTimeout(timer);
            reject(new Error(`simulator exited (${x.code}/${x.signal}) before ${re}; stderr:\n${err}`));
          }
        });
      });
    },
    exited,
    alive: () => exitInfo === null,
    kill(signal = 'SIGKILL') {
      if (exitInfo === null) child.kill(signal);
    },
  };
  t.teardown(async () => {
    if (sim.alive()) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  if (o.ready !== false) await sim.waitForStderr(/To see the GUI go to: http:\/\/127\.0\.0\.1:\d+/);
  return sim;
}

/** Kill whatever is left and list our children still present in the process table (should be none). */
export async function leftoverChildren(): Promise<string[]> {
  for (const c of children) {
    c.kill('SIGKILL');
    await new Promise((r) => c.once('exit', r));
  }
  let ps = '';
  try {
    ps = execFileSync('ps', ['-o', 'pid=,stat=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    ps = ''; // ps exits 1 when nothing matches
  }
  const mine = new Set(spawnedPids.map(String));
  const lines = ps.split('\n').map((l) => l.trim()).filter(Boolean);
  const fromOurs = lines.filter((l) => mine.has(l.split(/\s+/)[0]!) || l.includes('comfyui-sim/src/main.ts'));
  for (const pid of spawnedPids) {
    try {
      const line = execFileSync('ps', ['-o', 'pid=,stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      if (line && !fromOurs.includes(line)) fromOurs.push(line);
    } catch {
      /* not found: good */
    }
  }
  return fromOurs;
}

export interface HttpResult { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; text: string; json<T = any>(): T }

export function http(port: number, method: string, urlPath: string, o: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; raw?: Buffer } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = o.raw ?? (o.body === undefined ? undefined : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body)));
    const req = request({
      host: '127.0.0.1',
      port,
      method,
      path: urlPath,
      agent: false,
      headers: { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}), ...(o.headers ?? {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs ?? 10000, () => req.destroy(new Error(`timeout after ${o.timeoutMs ?? 10000} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** true when a TCP connection to the port is accepted */
export function tcpOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const done = (v: boolean) => { s.destroy(); resolve(v); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export interface WsMessage { type: string; data: any }
export interface WsClient {
  ws: WebSocket;
  messages: WsMessage[];
  binary: Buffer[];
  waitFor(pred: (m: WsMessage) => boolean, timeoutMs?: number): Promise<WsMessage>;
  close(): Promise<void>;
}

export function wsConnect(t: T, port: number, pathAndQuery: string, headers: Record<string, string> = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathAndQuery}`, { headers });
    const messages: WsMessage[] = [];
    const binary: Buffer[] = [];
    const waiters: Array<{ pred: (m: WsMessage) => boolean; resolve: (m: WsMessage) => void }> = [];
    ws.on('message', (raw, isBinary) => {
      if (isBinary) { binary.push(raw as Buffer); return; }
      const m = JSON.parse(String(raw)) as WsMessage;
      messages.push(m);
      for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
    });
    const client: WsClient = {
      ws,
      messages,
      binary,
      waitFor(pred, timeoutMs = 15000) {
        const found = messages.find(pred);
        if (found) return Promise.resolve(found);
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`timeout waiting for ws message; got ${JSON.stringify(messages.map((m) => m.type))}`)), timeoutMs);
          waiters.push({ pred, resolve: (m) => { clearTimeout(timer); res(m); } });
        });
      },
      close: () => new Promise((res) => {
        if (ws.readyState === WebSocket.CLOSED) return res();
        ws.once('close', () => res());
        ws.terminate();
      }),
    };
    t.teardown(() => client.close());
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req, res) => {
      reject(Object.assign(new Error(`ws upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode }));
      req.destroy();
    });
    ws.on('error', reject);
  });
}

export const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
