// The HTTP side of the simulator, as ComfyUI's PromptServer: its middlewares (cache control, CORS, Host/Origin
// check), one route table (each path also under /api/; a known path with another method → 405 with Allow),
// then the --front-end-root static files, and 404 for the rest. The routes themselves live with their concern.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimOptions } from './args.js';
import type { Executor } from './execution.js';
import type { FileRoutes } from './file-routes.js';
import type { Folders } from './folders.js';
import { applyCacheControl } from './frontend.js';
import { internalError, json, notFound, text, type Route } from './http-reply.js';
import type { Logger } from './logs.js';
import { EMBEDDINGS, MODEL_FILES, MODEL_FOLDERS } from './nodes.js';
import { applyCors, originRejected } from './origin.js';
import { indexHtml } from './page.js';
import type { PromptQueue } from './prompt-queue.js';
import type { QueueRoutes } from './queue-routes.js';
import type { SocketHub } from './sockets.js';
import { objectInfo, systemStats } from './system-info.js';
import type { UiRoutes } from './ui-routes.js';
import { SIM_VERSION } from './version.js';

export interface HttpRoutesDeps {
  opts: SimOptions;
  log: Logger;
  hub: SocketHub;
  queue: PromptQueue;
  executor: Executor;
  folders: Folders;
  queueRoutes: QueueRoutes;
  files: FileRoutes;
  ui: UiRoutes;
}

export class HttpRoutes {
  /** The last requests with a body that reached it (`METHOD /path`; not GET), so tests see what a proxy let through. */
  private readonly requests: string[] = [];

  constructor(private readonly deps: HttpRoutesDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      this.deps.log(`Error handling request ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) internalError(res);
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { opts, log, hub, folders, ui } = this.deps;
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && this.requests.push(`${method} ${url.pathname}`) > 500) this.requests.shift();
    applyCacheControl(url.pathname, res);
    applyCors(res, opts.enableCorsHeader);
    if (originRejected(req, opts.enableCorsHeader, log)) return text(res, 403, 'request with non matching host and origin');
    if (method === 'OPTIONS') return text(res, 200, '');
    let p = url.pathname;
    if (p.startsWith('/api/')) p = p.slice(4);
    const q = url.searchParams;
    const isGet = method === 'GET' || method === 'HEAD';

    const routes: Route[] = [
      ['GET', /^\/$/, () => (ui.frontend ? ui.frontend.index(req, res) : this.index(res))],
      ['GET', /^\/system_stats$/, () => json(res, 200, systemStats())],
      ...this.deps.queueRoutes.routes(req, res, q),
      ['GET', /^\/object_info$/, () => json(res, 200, objectInfo(folders))],
      ['GET', /^\/object_info\/([^/]+)$/, (m) => json(res, 200, objectInfo(folders, decodeURIComponent(m[1]!)))],
      ...this.deps.files.routes(req, res, q),
      ...ui.routes(req, res, q),
      ['GET', /^\/extensions$/, () => json(res, 200, ui.extensions())],
      ['GET', /^\/embeddings$/, () => json(res, 200, EMBEDDINGS)],
      ['GET', /^\/models$/, () => json(res, 200, MODEL_FOLDERS)],
      ['GET', /^\/models\/([^/]+)$/, (m) => {
        const files = MODEL_FILES[decodeURIComponent(m[1]!)];
        return files ? json(res, 200, files) : notFound(res);
      }],
      ['GET', /^\/features$/, () => json(res, 200, hub.featureFlags())],
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
    if (isGet && url.pathname === '/templates/index.json' && !ui.frontend?.hasTemplatesIndex()) return json(res, 200, []);
    if (isGet && ui.frontend) return ui.frontend.serve(url.pathname, req, res);
    return notFound(res);
  }

  /** `GET /` without --front-end-root: the simulator's own page, never cached. */
  private index(res: ServerResponse): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Expires', '0');
    const body = indexHtml(SIM_VERSION);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** `GET /sim/state`: what tests and the platform check that ComfyUI itself would not tell. */
  private simState() {
    const { opts, hub, queue, executor } = this.deps;
    return {
      simulator: true,
      version: SIM_VERSION,
      pid: process.pid,
      prompts_accepted: queue.accepted,
      interrupts: queue.interrupts,
      frees: executor.frees,
      models_loaded: executor.modelsLoaded,
      sockets: hub.clientIds(),
      requests: this.requests,
      options: { ...opts, unknown: opts.unknown },
    };
  }
}
