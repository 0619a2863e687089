import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LlmCleanResultSchema } from '@app/contracts';
import { ValidationError } from '@app/service-kit';
import { ToolsInputTooLargeError } from '../../errors.js';
import { cleanLlmOutput } from '../../plugins/app/llm-clean.js';
import { LlmCleanBodySchema } from '../../schemas/tools.js';

/** JSON escapes make a body longer than the text it carries (`\n` is two bytes, a control character six). */
const bodyLimitOf = (maxBytes: number) => maxBytes * 2 + 65_536;

/**
 * The tools module (api.md "Tools"): `POST /api/tools/llm-clean` cleans a model's answer. The work is pure and
 * synchronous (src/plugins/app/llm-clean.ts); the size cap bounds how long it holds the event loop.
 */
const toolsRoutes: FastifyPluginAsyncTypebox<{ maxBytes: number }> = async (app, opts) => {
  // A body over the route's limit is refused by Fastify before the handler, with its own code: give it ours,
  // as the handler does for a text over the cap, and let the kit's handler write the envelope.
  app.setErrorHandler((error) => {
    throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? new ToolsInputTooLargeError(`> ${opts.maxBytes} B`) : error;
  });

  app.post('/api/tools/llm-clean', {
    bodyLimit: bodyLimitOf(opts.maxBytes),
    schema: { tags: ['tools'], body: LlmCleanBodySchema, response: { 200: LlmCleanResultSchema } },
    // The kit's validator coerces scalars to strings; a number or a boolean is not a text to clean.
    preValidation: async (request) => {
      const content = (request.body as { content?: unknown } | null)?.content;
      if (content !== undefined && typeof content !== 'string') throw new ValidationError('body.content must be string');
    },
  }, async (request) => {
    if (Buffer.byteLength(request.body.content, 'utf8') > opts.maxBytes) throw new ToolsInputTooLargeError(`> ${opts.maxBytes} B`);
    return cleanLlmOutput(request.body.content, request.body.options);
  });
};

export default toolsRoutes;
