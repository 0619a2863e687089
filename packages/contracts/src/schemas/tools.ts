// The tools module (api.md "Tools"): what `POST /api/tools/llm-clean` answers. The step keys are stable: the
// console translates each one (web/src/i18n/catalogue/tools.ts).
import { Type, type Static } from 'typebox';

const on = (description: string) => Type.Optional(Type.Boolean({ description: `${description} (default true)` }));

/** What the cleaner does (services/vectors/src/plugins/app/llm-clean.ts has the rules): every step on by default. */
export const LlmCleanOptionsSchema = Type.Object(
  {
    wantJson: Type.Optional(Type.Boolean({ description: 'extract and repair JSON; unset: when the text holds a JSON object or array' })),
    stripThink: on('remove <think>… reasoning blocks'),
    stripFences: on('remove markdown code fences, keeping what they hold'),
    normaliseWidth: on('full-width letters and digits to ASCII, full-width punctuation outside Chinese prose, zero-width characters and NBSP'),
    collapseWhitespace: on('CRLF to LF, runs of spaces and blank lines outside JSON'),
    jsonFormat: Type.Optional(Type.Union([Type.Literal('pretty'), Type.Literal('minify')], { description: 'how extracted JSON is written (default pretty)' })),
  },
  { additionalProperties: false },
);
export type LlmCleanOptions = Static<typeof LlmCleanOptionsSchema>;

/** The cleaning steps, in the order they run; an answer lists those that changed something. */
export const LLM_CLEAN_STEPS = [
  'normalise_newlines',
  'strip_invisible',
  'strip_think',
  'strip_fences',
  'strip_boilerplate',
  'normalise_width',
  'repair_json',
  'format_json',
  'collapse_whitespace',
] as const;
export type LlmCleanStepKey = (typeof LLM_CLEAN_STEPS)[number];

export const LlmCleanStepSchema = Type.Object({
  step: Type.Enum(LLM_CLEAN_STEPS),
  /** Language-neutral: a tag name, a count, the start of the text dropped. */
  detail: Type.Optional(Type.String()),
});
export type LlmCleanStep = Static<typeof LlmCleanStepSchema>;

export const LlmCleanResultSchema = Type.Object({
  result: Type.String({ description: 'the cleaned text; the JSON, formatted, when JSON was extracted' }),
  json: Type.Optional(Type.Unknown({ description: 'the parsed value, present when JSON was extracted' })),
  steps: Type.Array(LlmCleanStepSchema, { description: 'the steps that changed something, in order' }),
});
export type LlmCleanResult = Static<typeof LlmCleanResultSchema>;
