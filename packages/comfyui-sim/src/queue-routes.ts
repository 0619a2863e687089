// The queue's HTTP routes, as ComfyUI's server.py answers them: POST /prompt (validate, then queue), /queue,
// /history, /interrupt and /free.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimOptions } from './args.js';
import type { Executor } from './execution.js';
import type { Folders } from './folders.js';
import type { QueueItem } from './history.js';
import { json, text, type Route } from './http-reply.js';
import { isObject } from './json-object.js';
import type { Logger } from './logs.js';
import type { ApiPrompt } from './nodes.js';
import type { PromptQueue } from './prompt-queue.js';
import type { BodyReader } from './request-body.js';
import { validatePrompt } from './validate.js';

/** extra_data keys ComfyUI drops before a prompt is queued (they would otherwise show in /queue and /history). */
const SENSITIVE_EXTRA_DATA_KEYS = ['auth_token_comfy_org', 'api_key_comfy_org'];

export interface QueueRoutesDeps {
  opts: SimOptions;
  log: Logger;
  queue: PromptQueue;
  executor: Executor;
  folders: Folders;
  bodies: BodyReader;
  /** Called once the answer to the n-th accepted prompt went out, when --sim-crash-after says so. */
  crash: (n: number) => void;
}

export class QueueRoutes {
  constructor(private readonly deps: QueueRoutesDeps) {}

  routes(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Route[] {
    const { queue } = this.deps;
    return [
      ['GET', /^\/prompt$/, () => json(res, 200, queue.info())],
      ['POST', /^\/prompt$/, () => this.postPrompt(req, res)],
      ['GET', /^\/queue$/, () => json(res, 200, queue.snapshot())],
      ['POST', /^\/queue$/, () => this.clearOrDelete(req, res, queue)],
      ['GET', /^\/history$/, () => json(res, 200, queue.history.list(q))],
      ['GET', /^\/history\/([^/]+)$/, (m) => json(res, 200, queue.history.of(decodeURIComponent(m[1]!)))],
      ['POST', /^\/history$/, () => this.clearOrDelete(req, res, queue.history)],
      ['POST', /^\/interrupt$/, () => this.postInterrupt(req, res)],
      ['POST', /^\/free$/, () => this.postFree(req, res)],
    ];
  }

  private async postPrompt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { opts, log, queue, folders } = this.deps;
    log('got prompt');
    const data = await this.readObject(req, res);
    if (data === undefined) return;
    const number = 'number' in data && data.number !== undefined && Number.isFinite(Number(data.number))
      ? Number(data.number)
      : queue.nextNumber(Boolean(data.front));
    if (!('prompt' in data) || data.prompt === null || data.prompt === undefined) {
      return json(res, 400, {
        error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} },
        node_errors: {},
      });
    }
    const promptId = 'prompt_id' in data && data.prompt_id !== undefined && data.prompt_id !== null ? String(data.prompt_id) : randomUUID();
    const v = validatePrompt(data.prompt, { inputFileExists: (name) => folders.inputFile(name) !== null });
    const extra: Record<string, unknown> = isObject(data.extra_data) ? { ...data.extra_data } : {};
    if ('client_id' in data) extra.client_id = data.client_id;
    if (!v.ok) {
      log(`invalid prompt: ${JSON.stringify(v.error)}`);
      return json(res, 400, { error: v.error, node_errors: v.nodeErrors });
    }
    for (const k of SENSITIVE_EXTRA_DATA_KEYS) delete extra[k];
    extra.create_time = Date.now();
    const item: QueueItem = [number, promptId, data.prompt as ApiPrompt, extra, v.outputs];
    const ordinal = queue.add(item);
    const crash = opts.crashAfter > 0 && ordinal >= opts.crashAfter;
    json(res, 200, { prompt_id: promptId, number, node_errors: v.nodeErrors }, crash ? () => this.deps.crash(ordinal) : undefined);
    if (crash) return;
    queue.pump();
  }

  /** POST /queue (waiting prompts only) and POST /history: `{ clear?, delete?: [prompt_id] }`. */
  private async clearOrDelete(req: IncomingMessage, res: ServerResponse, from: { clear(): void; delete(id: string): void }): Promise<void> {
    const data = await this.readObject(req, res);
    if (data === undefined) return;
    if (data.clear) from.clear();
    if (Array.isArray(data.delete)) for (const id of data.delete) from.delete(String(id));
    text(res, 200, '');
  }

  /** POST /interrupt `{ prompt_id? }`: the running prompt, only if it is that one when a prompt_id is given. */
  private async postInterrupt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log, queue, bodies } = this.deps;
    const raw = await bodies.read(req, res);
    if (raw === undefined) return;
    let target: string | null = null;
    try {
      const data = raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
      if (isObject(data) && typeof data.prompt_id === 'string') target = data.prompt_id;
    } catch {
      /* ComfyUI interrupts globally when the body is not JSON */
    }
    const interrupting = queue.interrupt(target);
    if (target === null) log('Global interrupt (no prompt_id specified)');
    else if (interrupting) log(`Interrupting prompt ${target}`);
    else log(`Prompt ${target} is not currently running, skipping interrupt`);
    text(res, 200, '');
  }

  private async postFree(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const data = await this.readObject(req, res);
    if (data === undefined) return;
    this.deps.executor.free({ unload_models: Boolean(data.unload_models), free_memory: Boolean(data.free_memory) }, this.deps.queue.running !== null);
    text(res, 200, '');
  }

  /** The JSON body as an object (anything else counts as `{}`), or undefined once an error has been answered. */
  private async readObject(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
    const body = await this.deps.bodies.json(req, res);
    if (body === undefined) return undefined;
    return isObject(body) ? body : {};
  }
}
