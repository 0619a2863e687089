import { LLM_CLEAN_STEPS, type LlmCleanOptions, type LlmCleanStepKey } from '@app/contracts/schemas/tools';
import type { MessageKey } from '../../../../i18n/messages';

/** The JSON choice as the page offers it: detect (the server decides), always extract, never. */
export type CleanMode = 'auto' | 'json' | 'text';
/** The steps a user may switch off, in the order the page lists them. */
export const SWITCHES = ['stripThink', 'stripFences', 'normaliseWidth', 'collapseWhitespace'] as const;
export type CleanSwitch = (typeof SWITCHES)[number];

export interface CleanForm {
  mode: CleanMode;
  jsonFormat: 'pretty' | 'minify';
  switches: Record<CleanSwitch, boolean>;
}

export const DEFAULT_FORM: CleanForm = {
  mode: 'auto',
  jsonFormat: 'pretty',
  switches: { stripThink: true, stripFences: true, normaliseWidth: true, collapseWhitespace: true },
};

/** The request's options: only what differs from the server's defaults, so the defaults stay the server's. */
export function optionsOf(form: CleanForm): LlmCleanOptions {
  const options: LlmCleanOptions = {};
  if (form.mode !== 'auto') options.wantJson = form.mode === 'json';
  if (form.jsonFormat !== 'pretty') options.jsonFormat = form.jsonFormat;
  for (const key of SWITCHES) if (!form.switches[key]) options[key] = false;
  return options;
}

/** The catalogue label of each step key the server may send. */
export const STEP_LABELS: Record<LlmCleanStepKey, MessageKey> = {
  normalise_newlines: 'tools.clean.step.normalise_newlines',
  strip_invisible: 'tools.clean.step.strip_invisible',
  strip_think: 'tools.clean.step.strip_think',
  strip_fences: 'tools.clean.step.strip_fences',
  strip_boilerplate: 'tools.clean.step.strip_boilerplate',
  normalise_width: 'tools.clean.step.normalise_width',
  repair_json: 'tools.clean.step.repair_json',
  format_json: 'tools.clean.step.format_json',
  collapse_whitespace: 'tools.clean.step.collapse_whitespace',
};

export const SWITCH_LABELS: Record<CleanSwitch, MessageKey> = {
  stripThink: 'tools.clean.opt.stripThink',
  stripFences: 'tools.clean.opt.stripFences',
  normaliseWidth: 'tools.clean.opt.normaliseWidth',
  collapseWhitespace: 'tools.clean.opt.collapseWhitespace',
};

/** A label for a step key this console does not know yet (a newer server): the key itself. */
export const stepLabel = (step: string): MessageKey | undefined =>
  (LLM_CLEAN_STEPS as readonly string[]).includes(step) ? STEP_LABELS[step as LlmCleanStepKey] : undefined;
