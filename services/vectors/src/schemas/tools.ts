import { Type } from 'typebox';
import { LlmCleanOptionsSchema } from '@app/contracts';

// `POST /api/tools/llm-clean` (api.md "Tools"). The options and the answer are shared with the console
// (@app/contracts schemas/tools); what each option does: src/plugins/app/llm-clean.ts.
export const LlmCleanBodySchema = Type.Object(
  {
    content: Type.String({ description: 'the text to clean, at most LLM_CLEAN_MAX_BYTES bytes of UTF-8' }),
    options: Type.Optional(LlmCleanOptionsSchema),
  },
  { additionalProperties: false },
);
