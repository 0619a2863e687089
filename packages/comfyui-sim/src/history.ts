// ComfyUI's prompt history (PromptQueue.history): one entry per finished prompt, in completion order, at most
// MAXIMUM_HISTORY_SIZE (the oldest dropped first), answered by `GET /history` and `GET /history/{id}`.
import type { ApiPrompt } from './nodes.js';

const MAXIMUM_HISTORY_SIZE = 10000;

/** A queued prompt as ComfyUI lists it: number, prompt id, prompt, extra_data, output node ids. */
export type QueueItem = [number, string, ApiPrompt, Record<string, unknown>, string[]];
export interface ImageRef { filename: string; subfolder: string; type: 'output' | 'temp' | 'input' }
export interface HistoryEntry {
  prompt: QueueItem;
  outputs: Record<string, { images: ImageRef[] }>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: Array<[string, Record<string, unknown>]> };
  meta: Record<string, { node_id: string; display_node: string; parent_node: null; real_node_id: string }>;
}

export class History {
  private readonly entries = new Map<string, HistoryEntry>();

  add(promptId: string, entry: HistoryEntry): void {
    this.entries.set(promptId, entry);
    while (this.entries.size > MAXIMUM_HISTORY_SIZE) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** `GET /history?max_items=&offset=`: a negative or missing offset with max_items means the last max_items. */
  list(q: URLSearchParams): Record<string, HistoryEntry> {
    const maxRaw = q.get('max_items');
    const max = maxRaw !== null && /^\d+$/.test(maxRaw) ? Number(maxRaw) : null;
    const offRaw = q.get('offset');
    let offset = offRaw !== null && /^-?\d+$/.test(offRaw) ? Number(offRaw) : -1;
    if (offset < 0 && max !== null) offset = this.entries.size - max;
    const out: Record<string, HistoryEntry> = {};
    let i = 0;
    for (const [k, v] of this.entries) {
      if (i >= offset) {
        out[k] = v;
        if (max !== null && Object.keys(out).length >= max) break;
      }
      i += 1;
    }
    return out;
  }

  /** `GET /history/{id}`: `{ [id]: entry }`, or `{}` for an unknown id. */
  of(id: string): Record<string, HistoryEntry> {
    const h = this.entries.get(id);
    return h ? { [id]: h } : {};
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}
