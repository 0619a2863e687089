// The prompt as a graph, for running it: the order nodes execute in and the keys the output cache uses.
import { isObject } from './json-object.js';
import type { ApiPrompt } from './nodes.js';

/**
 * Execution order: dependencies first (depth-first from each output, inputs in declaration order).
 * As ComfyUI's ExecutionList, an input whose source is cached is not visited: a cached output node is
 * still in the order (it reports its cached result), the cached nodes above it are not.
 */
export function executionOrder(prompt: ApiPrompt, outputs: string[], isCached: (id: string) => boolean = () => false): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !prompt[id]) return;
    seen.add(id);
    const inputs = isObject(prompt[id]!.inputs) ? prompt[id]!.inputs : {};
    for (const v of Object.values(inputs)) {
      if (Array.isArray(v) && v.length === 2 && !isCached(String(v[0]))) visit(String(v[0]));
    }
    order.push(id);
  };
  for (const o of outputs) visit(o);
  return order;
}

/**
 * Each node's cache key, as ComfyUI's CacheKeySetInputSignature: its class, what its IS_CHANGED returns
 * (`changed`), and its inputs sorted by name, a link standing for the source node's own key and slot.
 * Nodes with equal keys share one cache entry, whatever their ids.
 */
export function nodeSignatures(prompt: ApiPrompt, changed: (id: string) => unknown = () => null): Map<string, string> {
  const out = new Map<string, string>();
  const busy = new Set<string>();
  const sig = (id: string): string => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const node = prompt[id];
    if (!node || busy.has(id)) return JSON.stringify(['MISSING_OR_CYCLE', id]);
    busy.add(id);
    const inputs = isObject(node.inputs) ? node.inputs : {};
    const parts = Object.keys(inputs).sort().map((k) => {
      const v = inputs[k];
      return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' ? [k, 'ANCESTOR', sig(v[0]), v[1]] : [k, v];
    });
    busy.delete(id);
    const s = JSON.stringify([node.class_type, changed(id) ?? null, parts]);
    out.set(id, s);
    return s;
  };
  for (const id of Object.keys(prompt)) sig(id);
  return out;
}
