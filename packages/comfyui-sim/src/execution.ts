// One prompt run as ComfyUI's executor runs it, with simulated work: nodes in execution order, the classic
// output cache, `executing` / `progress` / `executed` events and previews for the prompt's client,
// `progress_state` for every client, images written by the output nodes, and the --sim-* failures.
import type { SimOptions } from './args.js';
import { OutputCache, type CachedUi } from './cache.js';
import type { Folders } from './folders.js';
import { executionOrder, nodeSignatures } from './graph.js';
import { hangForever } from './hang.js';
import type { HistoryEntry } from './history.js';
import type { Logger } from './logs.js';
import { IMAGE_OUTPUT_NODES, SAMPLER_NODES, type ApiPrompt } from './nodes.js';
import { simImage } from './png.js';
import { PREVIEW_IMAGE, PREVIEW_IMAGE_WITH_METADATA, ProgressRegistry, previewImageBody, previewWithMetadataBody } from './progress.js';
import type { Running } from './prompt-queue.js';
import type { SocketHub } from './sockets.js';

class Interrupted extends Error {}
class SimulatedFailure extends Error {}

type Message = [string, Record<string, unknown>];
export interface FreeRequest { unload_models: boolean; free_memory: boolean; at: number }

/** What a sampler's steps need to report: the prompt, its client, the registry and the interruptible wait. */
interface StepContext {
  promptId: string;
  sid: string | null;
  previews: boolean;
  progress: ProgressRegistry;
  wait: (ms: number) => Promise<void>;
  failsHalfway: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Executor {
  /** Node results kept between prompts (ComfyUI's classic cache). */
  readonly cache = new OutputCache();
  /** A checkpoint counts as loaded from the first CheckpointLoaderSimple run until `/free` unloads models. */
  modelsLoaded = false;
  /** The `/free` requests received (GET /sim/state). */
  readonly frees: FreeRequest[] = [];

  constructor(
    private readonly opts: SimOptions,
    private readonly log: Logger,
    private readonly hub: SocketHub,
    private readonly folders: Folders,
  ) {}

  /** POST /free: unload_models forgets the loaded checkpoint unless a prompt is running; free_memory resets the cache. */
  free(request: Omit<FreeRequest, 'at'>, busy: boolean): void {
    const entry = { ...request, at: Date.now() };
    this.frees.push(entry);
    this.log(`/free: unload_models=${entry.unload_models} free_memory=${entry.free_memory}`);
    if (entry.unload_models && !busy) this.modelsLoaded = false;
    if (entry.free_memory) this.cache.clear(); // ComfyUI resets the executor (and its caches) on free_memory
  }

  /** Run one prompt to its history entry; `interrupted()` is polled while nodes "work". */
  async run(run: Running, interrupted: () => boolean): Promise<HistoryEntry> {
    const [, promptId, prompt, extra, outputs] = run.item;
    const sid = run.clientId;
    const started = Date.now();
    const messages: Message[] = [];
    const addMessage = (event: string, data: Record<string, unknown>, broadcast: boolean) => {
      const d = { ...data, timestamp: Date.now() };
      messages.push([event, d]);
      if (sid !== null || broadcast) this.hub.send(event, d, sid);
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
    const progress = new ProgressRegistry(promptId, (state) => this.hub.send('progress_state', state, null));
    const wait = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (interrupted()) throw new Interrupted();
        await sleep(Math.min(25, end - Date.now()));
      }
      if (interrupted()) throw new Interrupted();
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
          if (sid !== null) this.hub.send('executed', { node: id, display_node: id, output: cached ? cached.output : null, prompt_id: promptId }, sid);
          progress.finish(id);
          continue;
        }
        progress.start(id);
        if (sid !== null) {
          run.lastNode = id;
          this.hub.send('executing', { node: id, display_node: id, prompt_id: promptId }, sid);
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
        const fails = this.opts.failPrompts && id === failNode;
        if (SAMPLER_NODES.has(node.class_type)) {
          await this.sample(id, clampInt(node.inputs?.steps, 1, 10000, 20), perSampler, { promptId, sid, previews, progress, wait, failsHalfway: fails });
        } else {
          await wait(perOther);
          if (fails) throw new SimulatedFailure();
        }
        const kind = IMAGE_OUTPUT_NODES[node.class_type];
        let ui: CachedUi | null = null;
        if (kind) {
          const images = [this.folders.saveImage(kind, node.inputs?.filename_prefix, promptId, prompt, extra)];
          ui = { output: { images }, meta: { node_id: id, display_node: id, parent_node: null, real_node_id: id } };
          if (sid !== null) this.hub.send('executed', { node: id, display_node: id, output: { images }, prompt_id: promptId }, sid);
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
      const failed = { prompt_id: promptId, node_id: nodeId, node_type: prompt[nodeId]?.class_type ?? '', executed };
      if (err instanceof Interrupted) {
        this.log('Processing interrupted');
        addMessage('execution_interrupted', failed, true);
      } else {
        const exception = describeFailure(err);
        this.log(`!!! Exception during processing !!! ${exception.exception_message}`);
        addMessage('execution_error', { ...failed, ...exception, current_inputs: {}, current_outputs: {} }, false);
      }
    }
    run.lastNode = null;
    const { outputs: resultOutputs, meta } = this.historyResult(prompt);
    const status: HistoryEntry['status'] = { status_str: success ? 'success' : 'error', completed: success, messages };
    return { prompt: run.item, outputs: resultOutputs, status, meta };
  }

  /** A sampler's steps: up to 100 `progress` events over `ms`, each with a preview when previews are on. */
  private async sample(id: string, steps: number, ms: number, ctx: StepContext): Promise<void> {
    const { promptId, sid } = ctx;
    const events = Math.min(steps, 100);
    for (let i = 1; i <= events; i++) {
      await ctx.wait(ms / events);
      if (ctx.failsHalfway && i > events / 2) throw new SimulatedFailure();
      const value = Math.round((i * steps) / events);
      // main.py's progress hook: the registry (progress_state, and the type-4 preview for clients that
      // announced supports_preview_metadata), then `progress`, then the type-1 preview for the others
      const image = ctx.previews ? simImage(`${promptId}:${i}`, 16) : null;
      ctx.progress.update(id, value, steps);
      if (image && this.hub.supportsFeature(sid, 'supports_preview_metadata')) {
        this.hub.sendBinary(PREVIEW_IMAGE_WITH_METADATA, previewWithMetadataBody(image, 'PNG', { node_id: id, prompt_id: promptId }), sid);
      }
      this.hub.send('progress', { value, max: steps, prompt_id: promptId, node: id }, sid);
      if (image && !this.hub.supportsFeature(sid, 'supports_preview_metadata')) {
        this.hub.sendBinary(PREVIEW_IMAGE, previewImageBody(image, 'PNG'), sid);
      }
    }
  }

  /** As ComfyUI's history_result: the UI outputs in the cache for this prompt's nodes, reused ones included. */
  private historyResult(prompt: ApiPrompt): Pick<HistoryEntry, 'outputs' | 'meta'> {
    const outputs: HistoryEntry['outputs'] = {};
    const meta: HistoryEntry['meta'] = {};
    for (const id of Object.keys(prompt)) {
      const ui = this.cache.ui(id);
      if (ui) {
        outputs[id] = ui.output;
        meta[id] = ui.meta;
      }
    }
    return { outputs, meta };
  }

  /** What a node's IS_CHANGED answers: LoadImage hashes its file, so a replaced image runs again. */
  private isChanged(node: ApiPrompt[string]): string | null {
    if (node.class_type !== 'LoadImage' || typeof node.inputs?.image !== 'string') return null;
    return this.folders.inputHash(node.inputs.image);
  }
}

/** The `execution_error` fields of a failure: --sim-fail-prompts' simulated out-of-memory, or a real exception. */
function describeFailure(err: unknown): { exception_message: string; exception_type: string; traceback: string[] } {
  if (err instanceof SimulatedFailure) {
    return {
      exception_message: 'Allocation on device would exceed allowed memory. (simulated by --sim-fail-prompts)',
      exception_type: 'torch.OutOfMemoryError',
      traceback: [
        '  File "execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(...)\n',
        '  File "comfy/sample.py", line 50, in sample\n    samples = sampler.sample(noise, positive, negative, cfg=cfg, ...)\n',
      ],
    };
  }
  return {
    exception_message: (err as Error).message,
    exception_type: 'Exception',
    traceback: String((err as Error).stack ?? '').split('\n').slice(1, 6).map((l) => `${l}\n`),
  };
}

function clampInt(v: unknown, min: number, max: number, dflt: number): number {
  const n = Math.trunc(Number(v));
  if (!Number.isFinite(n)) return dflt;
  return Math.min(max, Math.max(min, n));
}
