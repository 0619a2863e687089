import { NodeNotFoundError, SamplesUnavailableError } from '../../errors.js';
import { SamplesUnavailable, UnknownNode, type NodeView, type SamplesBoard } from './samples.js';

/** The node's view, or the monitor's 404 for a name no node published under (503 when it has no sample of its own). */
export function viewOf(board: SamplesBoard, node: string | undefined): NodeView {
  try {
    return board.view(node);
  } catch (err) {
    if (err instanceof UnknownNode) throw new NodeNotFoundError();
    if (err instanceof SamplesUnavailable) throw new SamplesUnavailableError();
    throw err;
  }
}
