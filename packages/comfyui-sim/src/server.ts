// The simulator's HTTP + WebSocket server: ComfyUI's routes (each also under /api/), its Host/Origin check,
// its prompt queue (one prompt at a time, in `number` order), in-memory history and WebSocket events.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { freemem, totalmem } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { SimOptions } from './args.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { EMBEDDINGS, IMAGE_OUTPUT_NODES, MODEL_FILES, MODEL_FOLDERS, NODE_DEFS, SAMPLER_NODES, type ApiPrompt } from './nodes.js';
import { indexHtml } from './page.js';
import { applyCacheControl } from './frontend.js';
import { UiRoutes, type SaveFn } from './ui-routes.js';
import { encodePng, simImage } from './png.js';
import { executionOrder, nodeSignatures, validatePrompt, type NodeError } from './validate.js';
import { OutputCache } from './cache.js';
import { PREVIEW_IMAGE, PREVIEW_IMAGE_WITH_METADATA, ProgressRegistry, previewImageBody, previewWithMetadataBody } from './progress.js';

import { SIM_VERSION } from './version.js';
import { json, text } from './http-reply.js';
export { SIM_VERSION };
const MAXIMUM_HISTORY_SIZE = 10000;
const SENSITIVE_EXTRA_DATA_KEYS = ['auth_token_comfy_org', 'api_key_comfy_org'];

export type QueueItem = [number, string, ApiPrompt, Record<string, unknown>, string[]];
export interface ImageRef { filename: string; subfolder: string; type: 'output' | 'temp' | 'input' }
export interface HistoryEntry {
  prompt: QueueItem;
  outputs: Record<string, { images: ImageRef[] }>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: Array<[string, Record<string, unknown>]> };
  meta: Record<string, { node_id: string; display_node: string; parent_node: null; real_node_id: string }>;
}

export interface Logger { (line: string): void }

interface Pending { item: QueueItem; ordinal: number }

class Interrupted extends Error {}
class SimulatedFailure extends Error {}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Block the JS thread forever (event loop dead, sockets stay open): a process hung in a CUDA call. */
export function hangForever(ignoreSigterm: boolean): never {
  if (!ignoreSigterm) {
    // Without JS listeners Node restores the default disposition: SIGTERM/SIGINT end the process,
    // as for a Python process hung in native code (default SIGTERM action).
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
  }
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}

export class ComfySim {
  readonly opts: SimOptions;
  private readonly log: Logger;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<string, WebSocket>();
  /** The feature flags each socket announced in its first message (ComfyUI's sockets_metadata). */
  private readonly socketFlags = new WeakMap<WebSocket, Record<string, unknown>>();
  /** Node results kept between prompts (ComfyUI's classic cache). */
  private readonly cache = new OutputCache();
  private pending: Pending[] = [];
  private running: (Pending & { clientId: string | null; lastNode: string | null }) | null = null;
  private readonly history = new Map<string, HistoryEntry>();
  private number = 0;
  private accepted = 0;
  private interruptRequested = false;
  private modelsLoaded = false;
  private readonly frees: Array<{ unload_models: boolean; free_memory: boolean; at: number }> = [];
  private interrupts = 0;
  /** The last requests with a body that reached it (`METHOD /path`; not GET), so tests see what a proxy let through. */
  private readonly requests: string[] = [];
  private stopped = false;
  /** called after the response to the n-th accepted prompt went out (--sim-crash-after) */
  onCrash: (n: number) => void = () => process.exit(1);
  /** The frontend's routes (users, settings, userdata, models, logs, …) and `--front-end-root` (ui-routes.ts). */
  private readonly ui: UiRoutes;

  constructor(opts: SimOptions, log: Logger) {
    this.opts = opts;
    this.log = log;
    for (const dir of [opts.outputDirectory, opts.inputDirectory, opts.tempDirectory, opts.userDirectory]) {
      mkdirSync(dir, { recursive: true });
    }
    this.ui = new UiRoutes({
      opts,
      readBody: (req, res) => this.readBody(req, res),
      upload: (req, res, save) => this.upload(req, res, save),
      dirOfType: (type) => this.dirOfType(type),
      sendTo: (sid, type, data) => this.send(type, data, sid),
    });
  }

  stop(): void {
    this.stopped = true;
    this.ui.stop();
    for (const ws of this.wss.clients) ws.terminate();
  }

  // ---------------------------------------------------------------- websocket
  private send(type: string, data: unknown, sid: string | null): void {
    const frame = JSON.stringify({ type, data });
    if (sid === null) {
      for (const ws of this.sockets.values()) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      return;
    }
    const ws = this.sockets.get(sid);
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
  }

  private sendBinary(eventType: number, payload: Buffer, sid: string | null): void {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(eventType);
    const frame = Buffer.concat([head, payload]);
    const targets = sid === null ? [...this.sockets.values()] : [this.sockets.get(sid)];
    for (const ws of targets) if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
  }

  private queueInfo() {
    return { exec_info: { queue_remaining: this.pending.length + (this.running ? 1 : 0) } };
  }

  private queueUpdated(): void {
    this.send('status', { status: this.queueInfo() }, null);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    if (p !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\nConnection: close\r\n\r\n404: Not Found');
      return;
    }
    if (this.originRejected(req)) {
      const body = 'request with non matching host and origin';
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, url.searchParams.get('clientId') ?? ''));
  }

  private onSocket(ws: WebSocket, requested: string): void {
    const sid = requested || randomUUID().replace(/-/g, '');
    // Reusing a clientId takes the stream over; the earlier socket stays open but gets nothing more.
    this.sockets.set(sid, ws);
    ws.on('close', () => {
      if (this.sockets.get(sid) === ws) this.sockets.delete(sid);
    });
    ws.on('error', () => {});
    // As ComfyUI's websocket_handler: only the FIRST text message that parses as JSON may negotiate; if it is
    // `feature_flags`, the client's flags are kept for this socket and the server's flags are the reply.
    // Every later message (another feature_flags included) gets no answer.
    this.socketFlags.set(ws, {});
    let firstMessage = true;
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        this.log(`Invalid JSON received from client ${sid}: ${String(raw).slice(0, 200)}`);
        return;
      }
      if (!isObject(msg)) {
        // data.get(...) on a non-dict raises in ComfyUI's handler, which ends the connection
        ws.close();
        return;
      }
      if (firstMessage && msg.type === 'feature_flags') {
        this.socketFlags.set(ws, isObject(msg.data) ? msg.data : {});
        if (this.sockets.get(sid) === ws) this.send('feature_flags', this.featureFlags(), sid);
      }
      firstMessage = false;
    });
    this.send('status', { status: this.queueInfo(), sid }, sid);
    if (this.running && this.running.clientId === sid && this.running.lastNode !== null) {
      this.send('executing', { node: this.running.lastNode }, sid);
    }
  }

  private featureFlags() {
    return { supports_preview_metadata: true, max_upload_size: this.opts.maxUploadSizeMb * 1024 * 1024 };
  }

  /** feature_flags.supports_feature(sockets_metadata, sid, name): the flag the socket of `sid` announced is `true`. */
  private supportsFeature(sid: string | null, name: string): boolean {
    const ws = sid === null ? undefined : this.sockets.get(sid);
    return ws !== undefined && this.socketFlags.get(ws)?.[name] === true;
  }

  // ---------------------------------------------------------------- host/origin check
  /** ComfyUI's origin_only_middleware (active unless --enable-cors-header). */
  originRejected(req: IncomingMessage): boolean {
    if (this.opts.enableCorsHeader !== null) return false;
    const host = req.headers.host;
    const origin = req.headers.origin;
    if (!host || !origin) return false;
    let hostDomain: string | null = host.toLowerCase();
    const hostParsed = splitHostPort(hostDomain);
    const originParsed = parseOrigin(origin.toLowerCase());
    let originDomain: string | null = originParsed.netloc;
    const loopback = isLoopback(hostParsed.hostname);
    if (originParsed.port === null) hostDomain = hostParsed.hostname;
    if (hostParsed.port === null) originDomain = originParsed.hostname;
    if (loopback && hostDomain && originDomain && hostDomain !== originDomain) {
      this.log(`WARNING: request with non matching host and origin ${hostDomain} != ${originDomain}, returning 403`);
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- http
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      this.log(`Error handling request ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) text(res, 500, '500 Internal Server Error\n\nServer got itself in trouble');
      else res.destroy();
    }
  }

  private cors(res: ServerResponse): void {
    const allowed = this.opts.enableCorsHeader;
    if (allowed === null) return;
    res.setHeader('Access-Control-Allow-Origin', allowed);
    res.setHeader('Access-Control-Allow-Methods', 'POST, GET, DELETE, PUT, OPTIONS, PATCH');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && this.requests.push(`${method} ${url.pathname}`) > 500) this.requests.shift();
    applyCacheControl(url.pathname, res);
    this.cors(res);
    if (this.originRejected(req)) return text(res, 403, 'request with non matching host and origin');
    if (method === 'OPTIONS') return text(res, 200, '');
    let p = url.pathname;
    if (p.startsWith('/api/')) p = p.slice(4);
    const q = url.searchParams;
    const isGet = method === 'GET' || method === 'HEAD';

    const routes: Array<[string, RegExp, (m: RegExpExecArray) => unknown]> = [
      ['GET', /^\/$/, () => (this.ui.frontend ? this.ui.frontend.index(req, res) : this.index(res))],
      ['GET', /^\/system_stats$/, () => json(res, 200, this.systemStats())],
      ['GET', /^\/prompt$/, () => json(res, 200, this.queueInfo())],
      ['POST', /^\/prompt$/, () => this.postPrompt(req, res)],
      ['GET', /^\/queue$/, () => json(res, 200, this.getQueue())],
      ['POST', /^\/queue$/, () => this.postQueue(req, res)],
      ['GET', /^\/history$/, () => json(res, 200, this.getHistory(q))],
      ['GET', /^\/history\/([^/]+)$/, (m) => json(res, 200, this.historyOf(decodeURIComponent(m[1]!)))],
      ['POST', /^\/history$/, () => this.postHistory(req, res)],
      ['POST', /^\/interrupt$/, () => this.postInterrupt(req, res)],
      ['POST', /^\/free$/, () => this.postFree(req, res)],
      ['GET', /^\/object_info$/, () => json(res, 200, this.objectInfo())],
      ['GET', /^\/object_info\/([^/]+)$/, (m) => json(res, 200, this.objectInfo(decodeURIComponent(m[1]!)))],
      ['GET', /^\/view$/, () => this.view(q, res)],
      ['POST', /^\/upload\/image$/, () => this.upload(req, res)],
      ...this.ui.routes(req, res, q),
      ['GET', /^\/extensions$/, () => json(res, 200, this.ui.extensions())],
      ['GET', /^\/embeddings$/, () => json(res, 200, EMBEDDINGS)],
      ['GET', /^\/models$/, () => json(res, 200, MODEL_FOLDERS)],
      ['GET', /^\/models\/([^/]+)$/, (m) => {
        const files = MODEL_FILES[decodeURIComponent(m[1]!)];
        return files ? json(res, 200, files) : text(res, 404, '404: Not Found');
      }],
      ['GET', /^\/features$/, () => json(res, 200, this.featureFlags())],
      ['GET', /^\/sim\/state$/, () => json(res, 200, this.simState())],
    ];
    let pathMatched = false;
    for (const [m, re, fn] of routes) {
      const match = re.exec(p);
      if (!match) continue;
      pathMatched = true;
      if (m === method || (m === 'GET' && isGet)) {
        await fn(match);
        return;
      }
    }
    if (pathMatched) {
      res.setHeader('Allow', routes.filter(([, re]) => re.test(p)).map(([m]) => m).join(','));
      return text(res, 405, '405: Method Not Allowed');
    }
    // after every route, as ComfyUI adds web.static('/', web_root) last; core templates only when the root has them
    if (isGet && url.pathname === '/templates/index.json' && !this.ui.frontend?.hasTemplatesIndex()) return json(res, 200, []);
    if (isGet && this.ui.frontend) return this.ui.frontend.serve(url.pathname, req, res);
    return text(res, 404, '404: Not Found');
  }

  private index(res: ServerResponse): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Expires', '0');
    const body = indexHtml(SIM_VERSION);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  private systemStats() {
    const cvd = process.env.CUDA_VISIBLE_DEVICES;
    const total = totalmem();
    const free = freemem();
    return {
      system: {
        os: process.platform,
        ram_total: total,
        ram_free: free,
        comfyui_version: SIM_VERSION,
        required_frontend_version: '0.0.0-sim',
        python_version: '3.12.3 (simulated by node ' + process.version + ')',
        pytorch_version: '2.8.0+cpu (simulated)',
        embedded_python: false,
        argv: ['main.py', ...process.argv.slice(2)],
      },
      devices: [
        {
          name: cvd !== undefined ? `cpu (simulated; CUDA_VISIBLE_DEVICES=${cvd})` : 'cpu (simulated)',
          type: 'cpu',
          index: cvd !== undefined ? 0 : null,
          vram_total: total,
          vram_free: free,
          torch_vram_total: total,
          torch_vram_free: free,
          ...(cvd !== undefined ? { cuda_visible_devices: cvd } : {}),
        },
      ],
    };
  }

  private simState() {
    return {
      simulator: true,
      version: SIM_VERSION,
      pid: process.pid,
      prompts_accepted: this.accepted,
      interrupts: this.interrupts,
      frees: this.frees,
      models_loaded: this.modelsLoaded,
      sockets: [...this.sockets.keys()],
      requests: this.requests,
      options: { ...this.opts, unknown: this.opts.unknown },
    };
  }

  private objectInfo(cls?: string) {
    const withInputs = (name: string) => {
      const def = NODE_DEFS[name]!;
      if (name !== 'LoadImage') return def;
      const files = listFiles(this.opts.inputDirectory);
      return { ...def, input: { ...def.input, required: { image: [files, { image_upload: true }] } } };
    };
    if (cls !== undefined) return NODE_DEFS[cls] ? { [cls]: withInputs(cls) } : {};
    return Object.fromEntries(Object.keys(NODE_DEFS).map((k) => [k, withInputs(k)]));
  }

  // ---------------------------------------------------------------- prompt queue
  private async postPrompt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.log('got prompt');
    const body = await this.readJson(req, res);
    if (body === undefined) return;
    const data = isObject(body) ? body : {};
    let number: number;
    if ('number' in data && data.number !== undefined && Number.isFinite(Number(data.number))) {
      number = Number(data.number);
    } else {
      number = this.number;
      if (data.front) number = -number;
      this.number += 1;
    }
    if (!('prompt' in data) || data.prompt === null || data.prompt === undefined) {
      return json(res, 400, {
        error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} },
        node_errors: {},
      });
    }
    const promptId = 'prompt_id' in data && data.prompt_id !== undefined && data.prompt_id !== null ? String(data.prompt_id) : randomUUID();
    const v = validatePrompt(data.prompt, { inputFileExists: (name) => this.inputFile(name) !== null });
    const extra: Record<string, unknown> = isObject(data.extra_data) ? { ...data.extra_data } : {};
    if ('client_id' in data) extra.client_id = data.client_id;
    if (!v.ok) {
      this.log(`invalid prompt: ${JSON.stringify(v.error)}`);
      return json(res, 400, { error: v.error, node_errors: v.nodeErrors });
    }
    for (const k of SENSITIVE_EXTRA_DATA_KEYS) delete extra[k];
    extra.create_time = Date.now();
    const item: QueueItem = [number, promptId, data.prompt as ApiPrompt, extra, v.outputs];
    this.accepted += 1;
    const ordinal = this.accepted;
    this.pending.push({ item, ordinal });
    this.pending.sort((a, b) => a.item[0] - b.item[0] || a.ordinal - b.ordinal);
    this.queueUpdated();
    const crash = this.opts.crashAfter > 0 && ordinal >= this.opts.crashAfter;
    json(res, 200, { prompt_id: promptId, number, node_errors: v.nodeErrors }, crash ? () => this.onCrash(ordinal) : undefined);
    if (crash) return;
    this.pump();
  }

  private getQueue() {
    return {
      queue_running: this.running ? [this.running.item] : [],
      queue_pending: this.pending.map((p) => p.item),
    };
  }

  private async postQueue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.readJson(req, res);
    if (body === undefined) return;
    const data = isObject(body) ? body : {};
    if (data.clear) {
      this.pending = [];
      this.queueUpdated();
    }
    if (Array.isArray(data.delete)) {
      for (const id of data.delete) {
        const idx = this.pending.findIndex((p) => p.item[1] === String(id));
        if (idx >= 0) {
          this.pending.splice(idx, 1);
          this.queueUpdated();
        }
      }
    }
    text(res, 200, '');
  }

  private getHistory(q: URLSearchParams): Record<string, HistoryEntry> {
    const maxRaw = q.get('max_items');
    const max = maxRaw !== null && /^\d+$/.test(maxRaw) ? Number(maxRaw) : null;
    const offRaw = q.get('offset');
    let offset = offRaw !== null && /^-?\d+$/.test(offRaw) ? Number(offRaw) : -1;
    if (offset < 0 && max !== null) offset = this.history.size - max;
    const out: Record<string, HistoryEntry> = {};
    let i = 0;
    for (const [k, v] of this.history) {
      if (i >= offset) {
        out[k] = v;
        if (max !== null && Object.keys(out).length >= max) break;
      }
      i += 1;
    }
    return out;
  }

  private historyOf(id: string): Record<string, HistoryEntry> {
    const h = this.history.get(id);
    return h ? { [id]: h } : {};
  }

  private async postHistory(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.readJson(req, res);
    if (body === undefined) return;
    const data = isObject(body) ? body : {};
    if (data.clear) this.history.clear();
    if (Array.isArray(data.delete)) for (const id of data.delete) this.history.delete(String(id));
    text(res, 200, '');
  }

  private async postInterrupt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await this.readBody(req, res);
    if (raw === undefined) return;
    let target: string | null = null;
    try {
      const data = raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
      if (isObject(data) && typeof data.prompt_id === 'string') target = data.prompt_id;
    } catch {
      /* ComfyUI interrupts globally when the body is not JSON */
    }
    this.interrupts += 1;
    if (target === null) {
      this.interruptRequested = true;
      this.log('Global interrupt (no prompt_id specified)');
    } else if (this.running && this.running.item[1] === target) {
      this.interruptRequested = true;
      this.log(`Interrupting prompt ${target}`);
    } else {
      this.log(`Prompt ${target} is not currently running, skipping interrupt`);
    }
    text(res, 200, '');
  }

  private async postFree(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.readJson(req, res);
    if (body === undefined) return;
    const data = isObject(body) ? body : {};
    const entry = { unload_models: Boolean(data.unload_models), free_memory: Boolean(data.free_memory), at: Date.now() };
    this.frees.push(entry);
    this.log(`/free: unload_models=${entry.unload_models} free_memory=${entry.free_memory}`);
    if (entry.unload_models && !this.running) this.modelsLoaded = false;
    if (entry.free_memory) this.cache.clear(); // ComfyUI resets the executor (and its caches) on free_memory
    text(res, 200, '');
  }

  /** Start the next prompt when idle. */
  private pump(): void {
    if (this.running || this.stopped) return;
    const next = this.pending.shift();
    if (!next) return;
    const clientId = typeof next.item[3].client_id === 'string' ? next.item[3].client_id : null;
    this.running = { ...next, clientId, lastNode: null };
    this.interruptRequested = false;
    this.queueUpdated();
    void this.execute(this.running).finally(() => {
      this.running = null;
      setImmediate(() => this.pump());
    });
  }

  private async execute(run: Pending & { clientId: string | null; lastNode: string | null }): Promise<void> {
    const [, promptId, prompt, extra, outputs] = run.item;
    const sid = run.clientId;
    const started = Date.now();
    const messages: Array<[string, Record<string, unknown>]> = [];
    const addMessage = (event: string, data: Record<string, unknown>, broadcast: boolean) => {
      const d = { ...data, timestamp: Date.now() };
      messages.push([event, d]);
      if (sid !== null || broadcast) this.send(event, d, sid);
    };
    // ComfyUI's classic cache: nodes whose key (class, inputs, upstream keys) a run already produced are reused
    this.cache.setPrompt(nodeSignatures(prompt, (id) => this.isChanged(prompt[id]!)));
    const cachedNodes = Object.keys(prompt).filter((id) => this.cache.has(id));
    const order = executionOrder(prompt, outputs, (id) => this.cache.has(id));
    const toRun = order.filter((id) => !this.cache.has(id));
    const samplers = toRun.filter((id) => SAMPLER_NODES.has(prompt[id]!.class_type));
    const others = toRun.length - samplers.length;
    const runMs = Math.max(0, this.opts.runMs);
    const samplerShare = samplers.length ? (others ? 0.7 : 1) : 0;
    const perSampler = samplers.length ? (runMs * samplerShare) / samplers.length : 0;
    const perOther = others ? (runMs * (1 - samplerShare)) / others : 0;
    const failNode = samplers[0] ?? toRun.find((id) => !IMAGE_OUTPUT_NODES[prompt[id]!.class_type]) ?? toRun[0];
    const executed: string[] = [];
    const previews = (typeof extra.preview_method === 'string' ? extra.preview_method : this.opts.previewMethod) !== 'none';
    // progress_state goes to every socket (ComfyUI's WebUIProgressHandler sends it without a client id)
    const progress = new ProgressRegistry(promptId, (state) => this.send('progress_state', state, null));

    const wait = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (this.interruptRequested) throw new Interrupted();
        await sleep(Math.min(25, end - Date.now()));
      }
      if (this.interruptRequested) throw new Interrupted();
    };

    addMessage('execution_start', { prompt_id: promptId }, false);
    addMessage('execution_cached', { nodes: cachedNodes, prompt_id: promptId }, false);
    let current: string | null = null;
    let success = false;
    try {
      for (const id of order) {
        current = id;
        const node = prompt[id]!;
        if (this.cache.has(id)) {
          // a cached output node: not executed again, its earlier UI output is reported (null if it had none)
          const cached = this.cache.ui(id);
          if (sid !== null) this.send('executed', { node: id, display_node: id, output: cached ? cached.output : null, prompt_id: promptId }, sid);
          progress.finish(id);
          continue;
        }
        progress.start(id);
        if (sid !== null) {
          run.lastNode = id;
          this.send('executing', { node: id, display_node: id, prompt_id: promptId }, sid);
        }
        if (this.opts.hangAfter > 0 && run.ordinal === this.opts.hangAfter) {
          this.log(`sim: hanging now (--sim-hang-after ${this.opts.hangAfter}), like a process stuck in a CUDA call`);
          await sleep(30); // let the frames above reach the socket
          hangForever(this.opts.hangIgnoreSigterm);
        }
        if (!this.modelsLoaded && node.class_type === 'CheckpointLoaderSimple') {
          this.log('model weight dtype torch.float16, manual cast: None (simulated)');
          this.modelsLoaded = true;
        }
        if (SAMPLER_NODES.has(node.class_type)) {
          const steps = clampInt(node.inputs?.steps, 1, 10000, 20);
          const events = Math.min(steps, 100);
          for (let i = 1; i <= events; i++) {
            await wait(perSampler / events);
            if (this.opts.failPrompts && id === failNode && i > events / 2) throw new SimulatedFailure();
            const value = Math.round((i * steps) / events);
            // main.py's progress hook: the registry (progress_state, and the type-4 preview for clients that
            // announced supports_preview_metadata), then `progress`, then the type-1 preview for the others
            const image = previews ? simImage(`${promptId}:${i}`, 16) : null;
            progress.update(id, value, steps);
            if (image && this.supportsFeature(sid, 'supports_preview_metadata')) {
              this.sendBinary(PREVIEW_IMAGE_WITH_METADATA, previewWithMetadataBody(image, 'PNG', { node_id: id, prompt_id: promptId }), sid);
            }
            this.send('progress', { value, max: steps, prompt_id: promptId, node: id }, sid);
            if (image && !this.supportsFeature(sid, 'supports_preview_metadata')) {
              this.sendBinary(PREVIEW_IMAGE, previewImageBody(image, 'PNG'), sid);
            }
          }
        } else {
          await wait(perOther);
          if (this.opts.failPrompts && id === failNode) throw new SimulatedFailure();
        }
        const kind = IMAGE_OUTPUT_NODES[node.class_type];
        let ui: { output: { images: ImageRef[] }; meta: HistoryEntry['meta'][string] } | null = null;
        if (kind) {
          const images = [this.saveImage(kind, node.inputs?.filename_prefix, promptId, prompt, extra)];
          ui = { output: { images }, meta: { node_id: id, display_node: id, parent_node: null, real_node_id: id } };
          if (sid !== null) this.send('executed', { node: id, display_node: id, output: { images }, prompt_id: promptId }, sid);
        }
        this.cache.set(id, ui);
        progress.finish(id);
        executed.push(id);
      }
      addMessage('execution_success', { prompt_id: promptId }, false);
      success = true;
      this.log(`Prompt executed in ${((Date.now() - started) / 1000).toFixed(2)} seconds`);
    } catch (err) {
      const nodeId = current ?? order[0] ?? '';
      const nodeType = prompt[nodeId]?.class_type ?? '';
      if (err instanceof Interrupted) {
        this.log('Processing interrupted');
        addMessage('execution_interrupted', { prompt_id: promptId, node_id: nodeId, node_type: nodeType, executed }, true);
      } else {
        const simulated = err instanceof SimulatedFailure;
        const message = simulated
          ? 'Allocation on device would exceed allowed memory. (simulated by --sim-fail-prompts)'
          : (err as Error).message;
        const type = simulated ? 'torch.OutOfMemoryError' : 'Exception';
        this.log(`!!! Exception during processing !!! ${message}`);
        addMessage('execution_error', {
          prompt_id: promptId,
          node_id: nodeId,
          node_type: nodeType,
          executed,
          exception_message: message,
          exception_type: type,
          traceback: simulated
            ? [
                '  File "execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(...)\n',
                '  File "comfy/sample.py", line 50, in sample\n    samples = sampler.sample(noise, positive, negative, cfg=cfg, ...)\n',
              ]
            : String((err as Error).stack ?? '').split('\n').slice(1, 6).map((l) => `${l}\n`),
          current_inputs: {},
          current_outputs: {},
        }, false);
      }
    }
    run.lastNode = null;
    // as ComfyUI's history_result: the UI outputs in the cache for this prompt's nodes, reused ones included
    const resultOutputs: HistoryEntry['outputs'] = {};
    const meta: HistoryEntry['meta'] = {};
    for (const id of Object.keys(prompt)) {
      const ui = this.cache.ui(id);
      if (ui) {
        resultOutputs[id] = ui.output;
        meta[id] = ui.meta;
      }
    }
    const entry: HistoryEntry = {
      prompt: run.item,
      outputs: resultOutputs,
      status: { status_str: success ? 'success' : 'error', completed: success, messages },
      meta,
    };
    this.history.set(promptId, entry);
    while (this.history.size > MAXIMUM_HISTORY_SIZE) this.history.delete(this.history.keys().next().value as string);
    this.running = null;
    this.queueUpdated();
    if (sid !== null) this.send('executing', { node: null, prompt_id: promptId }, sid);
  }

  /** An input file named as LoadImage takes it (`sub/name.png`, or `name.png [output]`), or null when there is none. */
  private inputFile(name: string): string | null {
    let file = name;
    let dir = this.dirOfType('input')!;
    const annotated = /^(.*) \[(output|input|temp)\]$/.exec(name);
    if (annotated) {
      file = annotated[1]!;
      dir = this.dirOfType(annotated[2]!)!;
    }
    const full = path.resolve(dir, file);
    if (!full.startsWith(dir + path.sep)) return null;
    try {
      return statSync(full).isFile() ? full : null;
    } catch {
      return null;
    }
  }

  /** What a node's IS_CHANGED answers: LoadImage hashes its file, so a replaced image runs again. */
  private isChanged(node: ApiPrompt[string]): string | null {
    if (node.class_type !== 'LoadImage' || typeof node.inputs?.image !== 'string') return null;
    const file = this.inputFile(node.inputs.image);
    return file ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
  }

  private saveImage(kind: 'output' | 'temp', prefixInput: unknown, promptId: string, prompt: ApiPrompt, extra: Record<string, unknown>): ImageRef {
    let prefix = typeof prefixInput === 'string' && prefixInput.length ? prefixInput : 'ComfyUI';
    let base = this.opts.outputDirectory;
    if (kind === 'temp') {
      base = this.opts.tempDirectory;
      prefix = 'ComfyUI_temp_' + Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    }
    const full = path.resolve(base, prefix);
    const root = path.resolve(base);
    if (!full.startsWith(root + path.sep)) {
      throw new Error(`**** ERROR: Saving image outside the output folder is not allowed.\n full_output_folder: ${path.dirname(full)}\n         output_dir: ${root}`);
    }
    const folder = path.dirname(full);
    const filenameBase = path.basename(full);
    const subfolder = path.relative(root, folder);
    mkdirSync(folder, { recursive: true });
    let counter = 1;
    const re = new RegExp(`^${escapeRe(filenameBase)}_(\\d+)_?\\.`);
    for (const f of readdirSync(folder)) {
      const m = re.exec(f);
      if (m) counter = Math.max(counter, Number(m[1]) + 1);
    }
    const filename = `${filenameBase}_${String(counter).padStart(5, '0')}_.png`;
    const text: Record<string, string> = {};
    if (!this.opts.disableMetadata) {
      text.prompt = JSON.stringify(prompt);
      const pnginfo = extra.extra_pnginfo;
      if (isObject(pnginfo)) for (const [k, v] of Object.entries(pnginfo)) text[k] = JSON.stringify(v);
    }
    writeFileSync(path.join(folder, filename), simImage(promptId, 64, text));
    return { filename, subfolder, type: kind };
  }

  // ---------------------------------------------------------------- files
  private dirOfType(type: string | null): string | null {
    switch (type ?? 'output') {
      case 'output': return path.resolve(this.opts.outputDirectory);
      case 'input': return path.resolve(this.opts.inputDirectory);
      case 'temp': return path.resolve(this.opts.tempDirectory);
      default: return null;
    }
  }

  /** GET /view, as ComfyUI: `..`/absolute filename → 400, subfolder escaping the folder → 403, missing → 404. */
  private view(q: URLSearchParams, res: ServerResponse): void {
    let filename = q.get('filename');
    if (filename === null) return text(res, 404, '404: Not Found');
    let dir: string | null = null;
    const annotated = /^(.*) \[(output|input|temp)\]$/.exec(filename);
    if (annotated) {
      filename = annotated[1]!;
      dir = this.dirOfType(annotated[2]!);
    }
    if (!filename) return text(res, 400, '');
    if (filename[0] === '/' || filename.includes('..')) return text(res, 400, '');
    dir ??= this.dirOfType(q.get('type'));
    if (dir === null) return text(res, 400, '');
    const subfolder = q.get('subfolder');
    if (subfolder !== null) {
      const full = path.resolve(dir, subfolder);
      if (full !== dir && !full.startsWith(dir + path.sep)) return text(res, 403, '');
      dir = full;
    }
    const name = path.basename(filename);
    const file = path.join(dir, name);
    if (!existsSync(file) || !statSync(file).isFile()) return text(res, 404, '404: Not Found');
    const data = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(name),
      'Content-Length': data.length,
      'Content-Disposition': `filename="${name}"`,
    });
    res.end(data);
  }

  /** POST /upload/image (and /upload/mask, whose `save` writes the composite instead of the upload). */
  private async upload(req: IncomingMessage, res: ServerResponse, save?: SaveFn): Promise<void> {
    const boundary = boundaryOf(req.headers['content-type']);
    const body = await this.readBody(req, res);
    if (body === undefined) return;
    if (!boundary) return text(res, 400, '');
    const parts = parseMultipart(body, boundary);
    const field = (n: string) => parts.find((p) => p.name === n && p.filename === undefined)?.data.toString('utf8');
    const image = parts.find((p) => p.name === 'image' && p.filename !== undefined);
    if (!image || !image.filename) return text(res, 400, '');
    const type = field('type') || 'input';
    const uploadDir = this.dirOfType(type === 'output' || type === 'temp' ? type : 'input')!;
    const uploadType = type === 'output' || type === 'temp' ? type : 'input';
    const subfolder = field('subfolder') ?? '';
    const folder = path.resolve(uploadDir, path.normalize(subfolder || '.'));
    let filename = path.basename(image.filename);
    let filepath = path.resolve(folder, filename);
    if (!filepath.startsWith(uploadDir + path.sep)) return text(res, 400, '');
    mkdirSync(folder, { recursive: true });
    const overwrite = field('overwrite');
    let duplicate = false;
    if (overwrite !== 'true' && overwrite !== '1') {
      const ext = path.extname(filename);
      const stem = filename.slice(0, filename.length - ext.length);
      for (let i = 1; existsSync(filepath); i++) {
        if (readFileSync(filepath).equals(image.data)) {
          duplicate = true;
          break;
        }
        filename = `${stem} (${i})${ext}`;
        filepath = path.join(folder, filename);
      }
    }
    if (!duplicate) {
      if (save) save(image.data, field, filepath);
      else writeFileSync(filepath, image.data);
    }
    json(res, 200, { name: filename, subfolder, type: uploadType });
  }

  // ---------------------------------------------------------------- bodies
  private readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const limit = Math.round(this.opts.maxUploadSizeMb * 1024 * 1024);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          if (!tooLarge) {
            tooLarge = true;
            text(res, 413, `Maximum request body size ${limit} exceeded, actual body size ${size}`);
            resolve(undefined);
          }
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => { if (!tooLarge) resolve(Buffer.concat(chunks)); });
      req.on('error', reject);
    });
  }

  private async readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const raw = await this.readBody(req, res);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw.toString('utf8') || 'null');
    } catch (err) {
      json(res, 400, { error: { type: 'invalid_json', message: 'Request body is not valid JSON', details: (err as Error).message, extra_info: {} }, node_errors: {} });
      return undefined;
    }
  }
}

// ------------------------------------------------------------------ helpers
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}



function clampInt(v: unknown, min: number, max: number, dflt: number): number {
  const n = Math.trunc(Number(v));
  if (!Number.isFinite(n)) return dflt;
  return Math.min(max, Math.max(min, n));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

function contentTypeOf(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return ({ '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.json': 'application/json' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

/** `host[:port]` / `[v6]:port` → hostname and explicit port (null when absent), like urlsplit('//' + host). */
function splitHostPort(host: string): { hostname: string; port: string | null } {
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(host);
  if (v6) return { hostname: v6[1]!, port: v6[2] ? v6[2] : null };
  const idx = host.lastIndexOf(':');
  if (idx >= 0 && host.indexOf(':') === idx) return { hostname: host.slice(0, idx), port: host.slice(idx + 1) || null };
  return { hostname: host, port: null };
}

/** Like Python's urlparse(origin): netloc, hostname and the port as written (URL() would drop default ports). */
function parseOrigin(origin: string): { hostname: string; port: string | null; netloc: string } {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?/i.exec(origin);
  if (!m) return { hostname: '', port: null, netloc: '' };
  const host = m[1]!;
  const port = m[2] ? m[2] : null;
  return { hostname: host.replace(/^\[|\]$/g, ''), port, netloc: port !== null ? `${host}:${port}` : host };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\./.test(h)) return true;
  return false;
}
