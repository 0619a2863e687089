// ComfyUI's default ("classic") output cache: results are kept per node cache key (see nodeSignatures),
// and each prompt drops every entry its own nodes do not use, so what stays is what the last prompt
// produced or reused. A node found in the cache is not executed again; an output node reports the UI
// output (the image list) it produced the first time.
import type { ImageRef } from './history.js';

export interface CachedUi {
  output: { images: ImageRef[] };
  meta: { node_id: string; display_node: string; parent_node: null; real_node_id: string };
}

export class OutputCache {
  private readonly entries = new Map<string, { ui: CachedUi | null }>();
  private keys = new Map<string, string>();

  /** Start a prompt: remember its nodes' keys and drop entries no node of it uses (`clean_unused`). */
  setPrompt(signatures: Map<string, string>): void {
    this.keys = signatures;
    const used = new Set(signatures.values());
    for (const k of [...this.entries.keys()]) if (!used.has(k)) this.entries.delete(k);
  }

  has(nodeId: string): boolean {
    const k = this.keys.get(nodeId);
    return k !== undefined && this.entries.has(k);
  }

  ui(nodeId: string): CachedUi | null {
    const k = this.keys.get(nodeId);
    return (k !== undefined ? this.entries.get(k)?.ui : null) ?? null;
  }

  set(nodeId: string, ui: CachedUi | null): void {
    const k = this.keys.get(nodeId);
    if (k !== undefined) this.entries.set(k, { ui });
  }

  /** `POST /free {"free_memory": true}` resets the executor, caches included. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
