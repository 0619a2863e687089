// Prompt validation modelled on ComfyUI's execution.validate_prompt / validate_inputs (0.3.64).
// Checked: class_type present and known, at least one output node, required inputs present,
// links well formed and pointing at existing nodes and output slots with matching types, INT/FLOAT
// convertible and in range, list (COMBO) values among the options (`value_not_in_list`), and LoadImage's
// own check that the input file exists. As in ComfyUI, a link to a node id that is not in the prompt or to
// an output slot the source node does not have raises while validating the node that holds the link: it is
// reported on that node (`exception_during_inner_validation`), or on the output node itself
// (`exception_during_validation`) when that is where the link is.
import { isObject } from './json-object.js';
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

/** What validation needs to know about the instance (files on disk). */
export interface ValidationContext {
  /** LoadImage's VALIDATE_INPUTS: does this (possibly `name [type]`-annotated) input file exist? */
  inputFileExists?: (name: string) => boolean;
}

/** A Python exception raised while validating: its class name and `str(ex)`. */
class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(message);
  }
}

/** Inputs a node checks itself (its VALIDATE_INPUTS arguments): ComfyUI skips its min/max/list checks for them. */
const SELF_VALIDATED: Record<string, string[]> = { LoadImage: ['image'] };

/** Python's repr() of a JSON value, as ComfyUI's messages show it (`['a', 'b']`, `True`, `None`). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ') + '}';
  return String(v);
}

/** Python's str() (an f-string) of a JSON value. */
function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** Python's `tuple[index]` on a node's RETURN_TYPES. */
function returnTypeAt(types: string[], index: unknown): string {
  let i: number;
  if (typeof index === 'boolean') i = index ? 1 : 0;
  else if (typeof index === 'number' && Number.isInteger(index)) i = index;
  else {
    const t = typeof index === 'number' ? 'float' : typeof index === 'string' ? 'str' : index === null ? 'NoneType' : Array.isArray(index) ? 'list' : 'dict';
    throw new PyError('TypeError', `tuple indices must be integers or slices, not ${t}`);
  }
  if (i < 0) i += types.length;
  if (i < 0 || i >= types.length) throw new PyError('IndexError', 'tuple index out of range');
  return types[i]!;
}

/** Python's `prompt[node_id]` for a link's source. */
function linkedNode(prompt: ApiPrompt, from: unknown): ApiPrompt[string] {
  const node = typeof from === 'string' && Object.prototype.hasOwnProperty.call(prompt, from) ? prompt[from] : undefined;
  if (!node) throw new PyError('KeyError', pyRepr(from));
  return node;
}

function exceptionInfo(ex: unknown): { type: string; message: string; traceback: string[] } {
  if (ex instanceof PyError) return { type: ex.pyType, message: ex.message, traceback: ['  File "execution.py", in validate_inputs\n'] };
  const e = ex as Error;
  return { type: 'Exception', message: String(e?.message ?? ex), traceback: [] };
}

/** Python's `val in options` (1 == 1.0 == True). */
function inList(val: unknown, options: unknown[]): boolean {
  const norm = (x: unknown) => (typeof x === 'boolean' ? Number(x) : x);
  return options.some((o) => norm(o) === norm(val));
}

export function validatePrompt(prompt: unknown, ctx: ValidationContext = {}): ValidationResult {
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
      ({ valid, reasons } = validateInputs(graph, o, validated, ctx));
    } catch (ex) {
      valid = false;
      const info = exceptionInfo(ex);
      reasons = [{
        type: 'exception_during_validation',
        message: 'Exception when validating node',
        details: info.message,
        extra_info: { exception_type: info.type, traceback: info.traceback },
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

function validateInputs(
  prompt: ApiPrompt,
  id: string,
  validated: Map<string, { valid: boolean; reasons: PromptError[] }>,
  ctx: ValidationContext,
): { valid: boolean; reasons: PromptError[] } {
  const done = validated.get(id);
  if (done) return done;
  const node = linkedNode(prompt, id);
  const def = NODE_DEFS[node.class_type];
  if (!def) throw new PyError('KeyError', pyRepr(node.class_type));
  // mark as in progress (cycles are reported by real ComfyUI at execution time; here: treated as valid)
  validated.set(id, { valid: true, reasons: [] });
  const inputs = isObject(node.inputs) ? node.inputs : {};
  const selfValidated = SELF_VALIDATED[node.class_type] ?? [];
  const reasons: PromptError[] = [];
  let valid = true;
  for (const [name, spec] of Object.entries(def.input.required)) {
    const type = spec[0];
    const opts = (spec[1] ?? {}) as { min?: number; max?: number };
    if (!(name in inputs)) {
      reasons.push({ type: 'required_input_missing', message: 'Required input is missing', details: name, extra_info: { input_name: name } });
      continue;
    }
    let val = inputs[name];
    const inputConfig = [type, spec[1] ?? {}];
    if (Array.isArray(val)) {
      if (val.length !== 2) {
        reasons.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: name, extra_info: { input_name: name, input_config: inputConfig, received_value: val } });
        continue;
      }
      // raised here (outside the try below), as in ComfyUI: a bad link fails the node that holds it
      const fromNode = linkedNode(prompt, val[0]);
      const received = returnTypeAt(NODE_DEFS[fromNode.class_type]?.output ?? [], val[1]);
      if (typeof type === 'string' && received !== type && type !== '*' && received !== '*') {
        reasons.push({
          type: 'return_type_mismatch',
          message: 'Return type mismatch between linked nodes',
          details: `${name}, received_type(${received}) mismatch input_type(${type})`,
          extra_info: { input_name: name, input_config: inputConfig, received_type: received, linked_node: val },
        });
        continue;
      }
      const from = val[0] as string;
      try {
        const r = validateInputs(prompt, from, validated, ctx);
        if (!r.valid) valid = false;
      } catch (ex) {
        valid = false;
        const info = exceptionInfo(ex);
        validated.set(from, {
          valid: false,
          reasons: [{
            type: 'exception_during_inner_validation',
            message: 'Exception when validating inner node',
            details: info.message,
            extra_info: {
              input_name: name,
              input_config: inputConfig,
              exception_message: info.message,
              exception_type: info.type,
              traceback: info.traceback,
              linked_node: val,
            },
          }],
        });
      }
      continue;
    }
    if (isObject(val) && '__value__' in val) val = val.__value__;
    const info = { input_name: name, input_config: inputConfig, received_value: val };
    if (type === 'INT' || type === 'FLOAT') {
      const n = typeof val === 'number' ? val : typeof val === 'boolean' ? Number(val) : typeof val === 'string' && val.trim() !== '' ? Number(val) : Number.NaN;
      if (!Number.isFinite(n) || (type === 'INT' && !Number.isInteger(n) && typeof val === 'string')) {
        const why = type === 'INT' ? `invalid literal for int() with base 10: ${pyRepr(val)}` : `could not convert string to float: ${pyRepr(val)}`;
        reasons.push({ type: 'invalid_input_type', message: `Failed to convert an input value to a ${type} value`, details: `${name}, ${pyStr(val)}, ${why}`, extra_info: { ...info, exception_message: why } });
        continue;
      }
      val = type === 'INT' ? Math.trunc(n) : n;
    }
    if (selfValidated.includes(name)) continue;
    if (opts.min !== undefined && typeof val === 'number' && val < opts.min) {
      reasons.push({ type: 'value_smaller_than_min', message: `Value ${val} smaller than min of ${opts.min}`, details: name, extra_info: { ...info, received_value: val } });
      continue;
    }
    if (opts.max !== undefined && typeof val === 'number' && val > opts.max) {
      reasons.push({ type: 'value_bigger_than_max', message: `Value ${val} bigger than max of ${opts.max}`, details: name, extra_info: { ...info, received_value: val } });
      continue;
    }
    if (Array.isArray(type) && !inList(val, type)) {
      // ComfyUI leaves gigantic lists (scanned model paths) out of the answer
      const long = type.length > 20;
      reasons.push({
        type: 'value_not_in_list',
        message: 'Value not in list',
        details: `${name}: '${pyStr(val)}' not in ${long ? `(list of length ${type.length})` : pyRepr(type)}`,
        extra_info: { input_name: name, input_config: long ? null : inputConfig, received_value: val },
      });
      continue;
    }
  }
  // the nodes' own VALIDATE_INPUTS
  if (node.class_type === 'LoadImage' && ctx.inputFileExists && typeof inputs.image === 'string' && !ctx.inputFileExists(inputs.image)) {
    reasons.push({ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `image - Invalid image file: ${inputs.image}`, extra_info: { input_name: 'image' } });
  }
  const result = { valid: valid && reasons.length === 0, reasons };
  validated.set(id, result);
  return result;
}
