// ComfyUI's ProgressRegistry (comfy_execution/progress.py) and its WebSocket shapes: the `progress_state`
// event and the binary preview frames (server.py's send_image / send_image_with_metadata).

export type NodeState = 'pending' | 'running' | 'finished' | 'error';
interface NodeProgress { state: NodeState; value: number; max: number }

/** The ids ComfyUI reports for a node: a node of the submitted prompt is its own display and real node. */
export function nodeIds(nodeId: string) {
  return { display_node_id: nodeId, parent_node_id: null, real_node_id: nodeId };
}

export interface ProgressStateEvent {
  prompt_id: string;
  nodes: Record<string, { value: number; max: number; state: NodeState; node_id: string; prompt_id: string; display_node_id: string; parent_node_id: null; real_node_id: string }>;
}

/**
 * One prompt's per-node progress. Every change (start, update, finish) emits the state of all nodes that
 * are no longer pending, as ComfyUI's WebUIProgressHandler does (it sends `progress_state` to every socket).
 */
export class ProgressRegistry {
  private readonly nodes = new Map<string, NodeProgress>();

  constructor(readonly promptId: string, private readonly emit: (event: ProgressStateEvent) => void) {}

  private entry(nodeId: string): NodeProgress {
    let e = this.nodes.get(nodeId);
    if (!e) {
      e = { state: 'pending', value: 0, max: 1 };
      this.nodes.set(nodeId, e);
    }
    return e;
  }

  start(nodeId: string): void {
    Object.assign(this.entry(nodeId), { state: 'running', value: 0, max: 1 });
    this.emit(this.snapshot());
  }

  update(nodeId: string, value: number, max: number): void {
    Object.assign(this.entry(nodeId), { state: 'running', value, max });
    this.emit(this.snapshot());
  }

  finish(nodeId: string): void {
    const e = this.entry(nodeId);
    e.state = 'finished';
    e.value = e.max;
    this.emit(this.snapshot());
  }

  snapshot(): ProgressStateEvent {
    const nodes: ProgressStateEvent['nodes'] = {};
    for (const [id, s] of this.nodes) {
      if (s.state === 'pending') continue;
      nodes[id] = { value: s.value, max: s.max, state: s.state, node_id: id, prompt_id: this.promptId, ...nodeIds(id) };
    }
    return { prompt_id: this.promptId, nodes };
  }
}

/** Binary event types (protocol.py BinaryEventTypes). */
export const PREVIEW_IMAGE = 1;
export const PREVIEW_IMAGE_WITH_METADATA = 4;

/** Body of a PREVIEW_IMAGE frame (after its 4-byte event type): a 4-byte image format (1 JPEG, 2 PNG), then the image. */
export function previewImageBody(image: Buffer, format: 'JPEG' | 'PNG'): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(format === 'PNG' ? 2 : 1);
  return Buffer.concat([head, image]);
}

/** Body of a PREVIEW_IMAGE_WITH_METADATA frame: a 4-byte metadata length, the JSON metadata, then the image. */
export function previewWithMetadataBody(image: Buffer, format: 'JPEG' | 'PNG', meta: { node_id: string; prompt_id: string }): Buffer {
  const metadata = Buffer.from(JSON.stringify({ ...meta, ...nodeIds(meta.node_id), image_type: format === 'PNG' ? 'image/png' : 'image/jpeg' }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(metadata.length);
  return Buffer.concat([len, metadata, image]);
}
