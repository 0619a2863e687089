import type { EmbeddingModel } from '@app/contracts';
import { ConfigError } from '@app/service-kit';
import type { Config } from '../../../config.js';
import { EmbeddingModelUnknownError } from '../../../errors.js';
import type { Embedder } from './embedder.js';
import { createLexicalEmbedder } from './lexical.js';
import { createOpenAiEmbedder, type EmbedderLog, type OpenAiEmbedder } from './openai.js';

/** The models a collection can be built with, and the embedder of each. */
export interface Embedders {
  /** Every model, the default flagged; a remote model's dimension is null until it has been used once. */
  list(): Promise<EmbeddingModel[]>;
  /** The model of new collections (EMBEDDING_MODEL, else the built-in lexical one). */
  readonly defaultModel: string;
  /** The embedder of `model`, its dimension known (asked of the provider once); VEC_EMBEDDING_MODEL_UNKNOWN otherwise. */
  get(model: string): Promise<Embedder>;
}

export type EmbeddersConfig = Pick<
  Config,
  'EMBEDDING_URL' | 'EMBEDDING_REMOTE_MODELS' | 'EMBEDDING_API_KEY' | 'EMBEDDING_MODEL' | 'EMBEDDING_DIMENSION' | 'EMBEDDING_BATCH_SIZE' | 'EMBEDDING_RETRIES' | 'EMBEDDING_TIMEOUT_MS'
>;

const LEXICAL = /^lexical-hash-(\d+)$/;
const MAX_DIMENSION = 16_000;

/** `a, b:1024` → [{name: 'a'}, {name: 'b', dimension: 1024}]; a trailing `:<digits>` is the dimension (Ollama tags like bge-m3:567m stay names). */
export function parseRemoteModels(list: string): { name: string; dimension?: number }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const m = /^(.+):(\d+)$/.exec(entry);
      return m ? { name: m[1]!, dimension: Number(m[2]) } : { name: entry };
    });
}

/**
 * The built-in lexical model (lexical-hash-<EMBEDDING_DIMENSION>) and, with EMBEDDING_URL, each of
 * EMBEDDING_REMOTE_MODELS over the OpenAI-compatible client. Any lexical-hash-<n> is served, not only the
 * configured one, so collections built before EMBEDDING_DIMENSION changed can still be queried. Throws a
 * ConfigError (the process refuses to start) when the settings contradict each other.
 */
export function createEmbedders(config: EmbeddersConfig, deps: { log?: EmbedderLog } = {}): Embedders {
  const lexical = createLexicalEmbedder({ dimension: config.EMBEDDING_DIMENSION });
  const lexicalByDimension = new Map<number, Embedder>([[lexical.dimension, lexical]]);
  const remote = parseRemoteModels(config.EMBEDDING_REMOTE_MODELS);

  const problems: string[] = [];
  if (remote.length > 0 && !config.EMBEDDING_URL) problems.push('EMBEDDING_REMOTE_MODELS needs EMBEDDING_URL');
  for (const r of remote) {
    if (LEXICAL.test(r.name)) problems.push(`EMBEDDING_REMOTE_MODELS: ${r.name} is the name of a built-in lexical model`);
    if (r.dimension !== undefined && (r.dimension < 1 || r.dimension > MAX_DIMENSION)) problems.push(`EMBEDDING_REMOTE_MODELS: ${r.name} dimension must be 1…${MAX_DIMENSION}`);
  }
  if (new Set(remote.map((r) => r.name)).size !== remote.length) problems.push('EMBEDDING_REMOTE_MODELS lists a model twice');
  const defaultModel = config.EMBEDDING_MODEL ?? lexical.model;
  const known = [lexical.model, ...remote.map((r) => r.name)];
  if (!known.includes(defaultModel)) problems.push(`EMBEDDING_MODEL ${defaultModel} is not one of the models served: ${known.join(', ')}`);
  if (problems.length) throw new ConfigError(problems);

  const clients = new Map<string, OpenAiEmbedder>(
    remote.map((r) => [
      r.name,
      createOpenAiEmbedder({
        url: config.EMBEDDING_URL!,
        model: r.name,
        dimension: r.dimension,
        apiKey: config.EMBEDDING_API_KEY,
        batchSize: config.EMBEDDING_BATCH_SIZE,
        retries: config.EMBEDDING_RETRIES,
        timeoutMs: config.EMBEDDING_TIMEOUT_MS,
        log: deps.log,
      }),
    ]),
  );
  // One probe at a time per model; a failed one is forgotten so the next use asks again.
  const probes = new Map<string, Promise<number>>();

  function lexicalOf(model: string): Embedder | undefined {
    const m = LEXICAL.exec(model);
    if (!m) return undefined;
    const dimension = Number(m[1]);
    if (dimension < 8 || dimension > 4096) return undefined;
    let embedder = lexicalByDimension.get(dimension);
    if (!embedder) lexicalByDimension.set(dimension, (embedder = createLexicalEmbedder({ dimension })));
    return embedder;
  }

  return {
    defaultModel,
    async list() {
      return [
        { model: lexical.model, provider: 'lexical', dimension: lexical.dimension, isDefault: lexical.model === defaultModel },
        ...[...clients.values()].map((c) => ({ model: c.model, provider: 'openai', dimension: c.dimension || null, isDefault: c.model === defaultModel })),
      ];
    },
    async get(model) {
      const builtIn = lexicalOf(model);
      if (builtIn) return builtIn;
      const client = clients.get(model);
      if (!client) throw new EmbeddingModelUnknownError(model);
      if (client.dimension === 0) {
        let probe = probes.get(model);
        if (!probe) {
          probe = client.probe().finally(() => probes.delete(model));
          probes.set(model, probe);
        }
        await probe;
      }
      return client;
    },
  };
}
