// The simulator's server: ComfyUI's HTTP routes and WebSocket over one prompt queue, put together from the
// modules that each own one concern (http-routes, queue-routes, prompt-queue, execution, sockets, file-routes,
// ui-routes). main.ts binds it to the listening sockets.
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimOptions } from './args.js';
import { Executor } from './execution.js';
import { FileRoutes } from './file-routes.js';
import { Folders } from './folders.js';
import { HttpRoutes } from './http-routes.js';
import type { Logger } from './logs.js';
import { originRejected } from './origin.js';
import { PromptQueue } from './prompt-queue.js';
import { QueueRoutes } from './queue-routes.js';
import { BodyReader } from './request-body.js';
import { SocketHub } from './sockets.js';
import { UiRoutes } from './ui-routes.js';

export { SIM_VERSION } from './version.js';
export { hangForever } from './hang.js';
export type { HistoryEntry, ImageRef, QueueItem } from './history.js';
export type { Logger } from './logs.js';

export class ComfySim {
  readonly opts: SimOptions;
  /** called after the response to the n-th accepted prompt went out (--sim-crash-after) */
  onCrash: (n: number) => void = () => process.exit(1);
  private readonly log: Logger;
  private readonly hub: SocketHub;
  private readonly queue: PromptQueue;
  /** The frontend's routes (users, settings, userdata, models, logs, …) and `--front-end-root` (ui-routes.ts). */
  private readonly ui: UiRoutes;
  private readonly http: HttpRoutes;

  constructor(opts: SimOptions, log: Logger) {
    this.opts = opts;
    this.log = log;
    for (const dir of [opts.outputDirectory, opts.inputDirectory, opts.tempDirectory, opts.userDirectory]) {
      mkdirSync(dir, { recursive: true });
    }
    const folders = new Folders(opts);
    const bodies = new BodyReader(opts.maxUploadSizeMb);
    const hub = new SocketHub(opts, log, (sid) => queue.greet(sid));
    const executor = new Executor(opts, log, hub, folders);
    const queue = new PromptQueue((type, data, sid) => hub.send(type, data, sid), (run, interrupted) => executor.run(run, interrupted));
    const files = new FileRoutes(folders, bodies);
    const ui = new UiRoutes({
      opts,
      folders,
      readBody: (req, res) => bodies.read(req, res),
      upload: (req, res, save) => files.upload(req, res, save),
      sendTo: (sid, type, data) => hub.send(type, data, sid),
    });
    const queueRoutes = new QueueRoutes({ opts, log, queue, executor, folders, bodies, crash: (n) => this.onCrash(n) });
    this.hub = hub;
    this.queue = queue;
    this.ui = ui;
    this.http = new HttpRoutes({ opts, log, hub, queue, executor, folders, queueRoutes, files, ui });
  }

  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.http.handle(req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.hub.upgrade(req, socket, head);
  }

  /** ComfyUI's origin_only_middleware (active unless --enable-cors-header). */
  originRejected(req: IncomingMessage): boolean {
    return originRejected(req, this.opts.enableCorsHeader, this.log);
  }

  stop(): void {
    this.queue.stop();
    this.ui.stop();
    this.hub.closeAll();
  }
}
