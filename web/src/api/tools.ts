/**
 * The tools module (services/vectors, api.md "Tools"): the LLM-output cleaner.
 */
import type { LlmCleanOptions, LlmCleanResult } from '@app/contracts/schemas/tools';
import { http } from './http';

export type { LlmCleanOptions, LlmCleanResult };

/** `POST /api/tools/llm-clean`: the cleaned text, the parsed JSON when there was some, and the steps applied. */
export function cleanLlmOutput(content: string, options: LlmCleanOptions): Promise<LlmCleanResult> {
  return http.post<LlmCleanResult>('/api/tools/llm-clean', { content, options });
}
