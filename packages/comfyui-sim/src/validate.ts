// Prompt validation modelled on ComfyUI's execution.validate_prompt / validate_inputs.
// Checked: class_type present and known, at least one output node, required inputs present,
// links well formed and pointing at existing nodes with matching types, INT/FLOAT convertible and in range.
// Not checked (lenient on purpose): combo values (checkpoint names etc.), so real-world workflows run.
import { NODE_DEFS, type ApiPrompt } from './nodes.js';

export interface PromptError {
  type: string;
  message: string;
  details: string;
  extra_info: Record<string, unknown>;
}
export interface NodeError {
  errors: PromptError[];
  dependent_outputs: string[];
  class_type: string;
}
export type ValidationResult =
  | { ok: true; outputs: string[]; nodeErrors: Record<string, NodeError> }
  | { ok: false; error: PromptError; nodeErrors: Record<string, NodeError> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validatePrompt(prompt: unknown): ValidationResult {
  if (!isObject(prompt)) {
    return { ok: false, error: { type: 'invalid_prompt', message: 'Cannot execute because the prompt is not an object.', details: typeof prompt, extra_info: {} }, nodeErrors: {} };
  }
  const outputs: string[] = [];
  for (const [id, node] of Object.entries(prompt)) {
    if (!isObject(node) || !('class_type' in node)) {
      return {
        ok: false,
        error: { type: 'invalid_prompt', message: 'Cannot execute because a node is missing the class_type property.', details: `Node ID '#${id}'`, extra_info: {} },
        nodeErrors: {},
      };
    }
    const classType = String(node.class_type);
    const def = NODE_DEFS[classType];
    if (!def) {
      return {
        ok: false,
        error: { type: 'invalid_prompt', message: `Cannot execute because node ${classType} does not exist.`, details: `Node ID '#${id}'`, extra_info: {} },
        nodeErrors: {},
      };
    }
    if (def.output_node) outputs.push(id);
  }
  if (outputs.length === 0) {
    return { ok: false, error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, nodeErrors: {} };
  }

  const graph = prompt as ApiPrompt;
  const validated = new Map<string, { valid: boolean; reasons: PromptError[] }>();
  const good: string[] = [];
  const errors: Array<[string, PromptError[]]> = [];
  const nodeErrors: Record<string, NodeError> = {};

  for (const o of outputs.sort(numericOrder)) {
    let valid: boolean;
    let reasons: PromptError[];
    try {
      ({ valid, reasons } = validateInputs(graph, o, validated));
    } catch (ex) {
      valid = false;
      reasons = [{
        type: 'exception_during_validation',
        message: 'Exception when validating node',
        details: (ex as Error).message,
        extra_info: { exception_type: 'KeyError', traceback: [] },
      }];
      validated.set(o, { valid, reasons });
    }
    if (valid) {
      good.push(o);
      continue;
    }
    if (reasons.length > 0) errors.push([o, reasons]);
    for (const [nodeId, result] of validated) {
      // nodes downstream of an invalid node are invalid without reasons: not reported
      if (!result.valid && result.reasons.length > 0) {
        nodeErrors[nodeId] ??= { errors: result.reasons, dependent_outputs: [], class_type: graph[nodeId]!.class_type };
        nodeErrors[nodeId]!.dependent_outputs.push(o);
      }
    }
  }
  if (good.length === 0) {
    const details = errors.flatMap(([, errs]) => errs.map((e) => `${e.message}: ${e.details}`)).join('\n');
    return { ok: false, error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details, extra_info: {} }, nodeErrors };
  }
  return { ok: true, outputs: good, nodeErrors };
}

export function numericOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateInputs(prompt: ApiPrompt, id: string, validated: Map<string, { valid: boolean; reasons: PromptError[] }>): { valid: boolean; reasons: PromptError[] } {
  const done = validated.get(id);
  if (done) return done;
  const node = prompt[id];
  if (!node) throw new Error(`'${id}'`); // Python's KeyError text
  const def = NODE_DEFS[node.class_type];
  if (!def) throw new Error(`'${node.class_type}'`);
  // mark as in progress (cycles are reported by real ComfyUI at execution time; here: treated as valid)
  validated.set(id, { valid: true, reasons: [] });
  const inputs = isObject(node.inputs) ? node.inputs : {};
  const reasons: PromptError[] = [];
  let valid = true;
  for (const [name, spec] of Object.entries(def.input.required)) {
    const type = spec[0];
    const opts = (spec[1] ?? {}) as { min?: number; max?: number };
    if (!(name in inputs)) {
      reasons.push({ type: 'required_input_missing', message: 'Required input is missing', details: name, extra_info: { input_name: name } });
      continue;
    }
    const val = inputs[name];
    const info = { input_name: name, input_config: spec, received_value: val };
    if (Array.isArray(val)) {
      if (val.length !== 2) {
        reasons.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: name, extra_info: info });
        continue;
      }
      const from = String(val[0]);
      const fromNode = prompt[from];
      if (!fromNode) throw new Error(`'${from}'`);
      const fromDef = NODE_DEFS[fromNode.class_type];
      const received = fromDef?.output[Number(val[1])];
      if (typeof type === 'string' && received !== undefined && received !== type && type !== '*' && received !== '*') {
        reasons.push({
          type: 'return_type_mismatch',
          message: 'Return type mismatch between linked nodes',
          details: `${name}, received_type(${received}) mismatch input_type(${type})`,
          extra_info: { ...info, received_type: received, linked_node: val },
        });
        continue;
      }
      const r = validateInputs(prompt, from, validated);
      if (!r.valid) valid = false;
      continue;
    }
    if (type === 'INT' || type === 'FLOAT') {
      const n = typeof val === 'number' ? val : typeof val === 'string' && val.trim() !== '' ? Number(val) : Number.NaN;
      if (!Number.isFinite(n) || (type === 'INT' && !Number.isInteger(n) && typeof val === 'string')) {
        reasons.push({ type: 'invalid_input_type', message: `Failed to convert an input value to a ${type} value`, details: `${name}, ${JSON.stringify(val)}`, extra_info: info });
        continue;
      }
      if (opts.min !== undefined && n < opts.min) {
        reasons.push({ type: 'value_smaller_than_min', message: `Value ${n} smaller than min of ${opts.min}`, details: name, extra_info: info });
      }
      if (opts.max !== undefined && n > opts.max) {
        reasons.push({ type: 'value_bigger_than_max', message: `Value ${n} bigger than max of ${opts.max}`, details: name, extra_info: info });
      }
    }
  }
  const result = { valid: valid && reasons.length === 0, reasons };
  validated.set(id, result);
  return result;
}

/** Execution order: dependencies first (depth-first from each output, inputs in declaration order). */
export function executionOrder(prompt: ApiPrompt, outputs: string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !prompt[id]) return;
    seen.add(id);
    const inputs = isObject(prompt[id]!.inputs) ? prompt[id]!.inputs : {};
    for (const v of Object.values(inputs)) if (Array.isArray(v) && v.length === 2) visit(String(v[0]));
    order.push(id);
  };
  for (const o of outputs) visit(o);
  return order;
}
