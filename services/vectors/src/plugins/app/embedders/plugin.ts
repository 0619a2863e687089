import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Embedders } from './registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The embedding models (built-in lexical, OpenAI-compatible): what builds, syncs and searches embed with. */
    embedders: Embedders;
  }
}

/** Decorates `app.embedders` (created in app.ts from the config) for the routes and the build jobs. */
export const embeddersPlugin = fp(
  async (app: FastifyInstance, opts: { embedders: Embedders }) => {
    app.decorate('embedders', opts.embedders);
  },
  { name: 'embedders' },
);
