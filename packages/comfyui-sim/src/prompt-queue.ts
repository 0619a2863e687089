// ComfyUI's PromptQueue: prompts wait in `number` order (then in arrival order) and run one at a time; every
// change of the queue is announced to all clients as a `status` event, and each finished prompt goes to history.
import { History, type HistoryEntry, type QueueItem } from './history.js';
import type { SendEvent } from './sockets.js';

export interface Pending { item: QueueItem; ordinal: number }
/** The running prompt: its client (null without `client_id`) and the node last announced to that client. */
export interface Running extends Pending { clientId: string | null; lastNode: string | null }
/** Runs one prompt to its history entry; `interrupted()` turns true when a matching /interrupt arrives. */
export type ExecuteFn = (run: Running, interrupted: () => boolean) => Promise<HistoryEntry>;

export class PromptQueue {
  readonly history = new History();
  private pending: Pending[] = [];
  private current: Running | null = null;
  private number = 0;
  /** Prompts accepted so far; the n-th has ordinal n (--sim-crash-after, --sim-hang-after count these). */
  accepted = 0;
  /** POST /interrupt requests received (GET /sim/state). */
  interrupts = 0;
  private interruptRequested = false;
  private stopped = false;

  constructor(private readonly send: SendEvent, private readonly execute: ExecuteFn) {}

  get running(): Running | null {
    return this.current;
  }

  /** `GET /prompt`, and the `status` event's payload. */
  info() {
    return { exec_info: { queue_remaining: this.pending.length + (this.current ? 1 : 0) } };
  }

  /** `GET /queue`. */
  snapshot() {
    return {
      queue_running: this.current ? [this.current.item] : [],
      queue_pending: this.pending.map((p) => p.item),
    };
  }

  /** The number of a prompt posted without one: the next of a counter, negated to go to the `front`. */
  nextNumber(front: boolean): number {
    const number = this.number;
    this.number += 1;
    return front ? -number : number;
  }

  /** Queue an accepted prompt; returns its ordinal. It starts when `pump()` finds the queue idle. */
  add(item: QueueItem): number {
    this.accepted += 1;
    const ordinal = this.accepted;
    this.pending.push({ item, ordinal });
    this.pending.sort((a, b) => a.item[0] - b.item[0] || a.ordinal - b.ordinal);
    this.updated();
    return ordinal;
  }

  clear(): void {
    this.pending = [];
    this.updated();
  }

  /** Drop a waiting prompt (the running one is not touched). */
  delete(promptId: string): void {
    const idx = this.pending.findIndex((p) => p.item[1] === promptId);
    if (idx >= 0) {
      this.pending.splice(idx, 1);
      this.updated();
    }
  }

  /** Interrupt the running prompt: any prompt when `target` is null, else only the prompt `target`. True when it does. */
  interrupt(target: string | null): boolean {
    this.interrupts += 1;
    if (target !== null && this.current?.item[1] !== target) return false;
    this.interruptRequested = true;
    return true;
  }

  /** What a newly connected client gets: `status` with its sid, and the node running for it, if any. */
  greet(sid: string): void {
    this.send('status', { status: this.info(), sid }, sid);
    if (this.current && this.current.clientId === sid && this.current.lastNode !== null) {
      this.send('executing', { node: this.current.lastNode }, sid);
    }
  }

  /** Start the next prompt when idle. */
  pump(): void {
    if (this.current || this.stopped) return;
    const next = this.pending.shift();
    if (!next) return;
    const clientId = typeof next.item[3].client_id === 'string' ? next.item[3].client_id : null;
    this.current = { ...next, clientId, lastNode: null };
    this.interruptRequested = false;
    this.updated();
    void this.run(this.current).finally(() => {
      this.current = null;
      setImmediate(() => this.pump());
    });
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(run: Running): Promise<void> {
    const entry = await this.execute(run, () => this.interruptRequested);
    const promptId = run.item[1];
    this.history.add(promptId, entry);
    this.current = null;
    this.updated();
    if (run.clientId !== null) this.send('executing', { node: null, prompt_id: promptId }, run.clientId);
  }

  private updated(): void {
    this.send('status', { status: this.info() }, null);
  }
}
