import { setTimeout as sleep } from 'node:timers/promises';
import type { Embedder } from './embedder.js';
import { EmbeddingDimensionError, EmbeddingRejectedError, EmbeddingUnavailableError } from '../../../errors.js';

/** Where a retry or a failure is reported; never given the API key. */
export interface EmbedderLog {
  warn(obj: object, msg: string): void;
}

export interface OpenAiEmbedderOptions {
  /** The provider's base URL, with or without a trailing /v1 (http://ollama:11434, https://api.openai.com/v1). */
  url: string;
  model: string;
  /** The model's dimension when known; otherwise the first answer fixes it. */
  dimension?: number;
  /** Sent as `Authorization: Bearer …`; never logged nor put in an error. */
  apiKey?: string;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Retries of one request after a 429, a 5xx, a timeout or a network error (default 3). */
  retries?: number;
  /** Timeout of one request, in ms (default 30 000). */
  timeoutMs?: number;
  /** First backoff, doubled on each retry (default 500 ms). */
  backoffMs?: number;
  /** A Retry-After up to this long is honoured; a longer one falls back to the backoff (default 10 000 ms). */
  maxRetryAfterMs?: number;
  log?: EmbedderLog;
}

/** An Embedder over an OpenAI-compatible endpoint; `dimension` is 0 until known (see `probe`). */
export interface OpenAiEmbedder extends Embedder {
  /** The model's dimension, asking the provider once (one short text) when it is not known yet. */
  probe(): Promise<number>;
}

type Answer = { data?: { index?: number; embedding?: unknown }[] };

/** A failure worth another try (429, 5xx, timeout, network) or not (4xx, a malformed answer). */
class AttemptError extends Error {
  constructor(readonly reason: string, readonly retryable: boolean, readonly status?: number, readonly retryAfterMs?: number) {
    super(reason);
  }
}

/** `{base}/v1/embeddings` whether or not the base already ends in /v1. */
export function embeddingsUrl(base: string): URL {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = `${/\/v1$/.test(path) ? path : `${path}/v1`}/embeddings`;
  return url;
}

/**
 * The client of `POST {base}/v1/embeddings {model, input: string[]}` → `{data: [{index, embedding}]}`, which
 * OpenAI, Ollama, vLLM and TEI all speak: batches of `batchSize` texts sent one after another, each retried
 * with exponential backoff on 429/5xx/timeouts/network errors, answers put back in order by `index`, and every
 * vector checked against the model's dimension. Failures are the typed VEC_EMBEDDING_* errors.
 */
export function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): OpenAiEmbedder {
  const endpoint = embeddingsUrl(opts.url);
  // The host names the provider in messages: never the path's query, never user:password@.
  const host = endpoint.host;
  const batchSize = opts.batchSize ?? 64;
  const retries = opts.retries ?? 3;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const backoffMs = opts.backoffMs ?? 500;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 10_000;
  let dimension = opts.dimension ?? 0;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  // A provider may echo what it was sent (OpenAI prints part of a bad key): keep the key out of every message.
  const scrub = (text: string) => (opts.apiKey ? text.split(opts.apiKey).join('[redacted]') : text);

  async function attempt(input: string[]): Promise<number[][]> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ model: opts.model, input }), signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      throw new AttemptError(networkReason(err, timeoutMs), true);
    }
    if (!res.ok) {
      const reason = `HTTP ${res.status}${providerMessage(text) ? ` ${scrub(providerMessage(text)!)}` : ''}`;
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new AttemptError(reason, retryable, res.status, retryAfterMs(res.headers.get('retry-after')));
    }
    let answer: Answer;
    try {
      answer = JSON.parse(text) as Answer;
    } catch {
      throw new AttemptError(`not JSON: ${scrub(text.slice(0, 120))}`, false);
    }
    return ordered(answer, input.length);
  }

  async function send(input: string[]): Promise<number[][]> {
    for (let tries = 0; ; tries++) {
      try {
        return await attempt(input);
      } catch (err) {
        if (!(err instanceof AttemptError)) throw err;
        if (!err.retryable) {
          if (err.status !== undefined && err.status < 500) throw new EmbeddingRejectedError(host, err.reason);
          throw new EmbeddingUnavailableError(host, err.reason);
        }
        if (tries >= retries) {
          opts.log?.warn({ provider: host, model: opts.model, attempts: tries + 1, reason: err.reason }, 'embedding provider unavailable');
          throw new EmbeddingUnavailableError(host, retries > 0 ? `${err.reason} (after ${tries + 1} attempts)` : err.reason);
        }
        const backoff = backoffMs * 2 ** tries * (1 + Math.random() * 0.2);
        const wait = err.retryAfterMs !== undefined && err.retryAfterMs <= maxRetryAfterMs ? err.retryAfterMs : backoff;
        opts.log?.warn({ provider: host, model: opts.model, attempt: tries + 1, reason: err.reason, retryInMs: Math.round(wait) }, 'embedding request failed, retrying');
        await sleep(wait);
      }
    }
  }

  function check(vectors: number[][]): number[][] {
    for (const v of vectors) {
      // The first answer fixes an unknown dimension; every later vector must have it.
      if (dimension === 0) dimension = v.length;
      if (v.length !== dimension) throw new EmbeddingDimensionError(`${host} ${opts.model}`, dimension, v.length);
    }
    return vectors;
  }

  async function embedBatches(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) out.push(...check(await send(texts.slice(i, i + batchSize))));
    return out;
  }

  // OpenAI refuses an empty input (400), which would fail a whole build over one blank row: a blank text is
  // not sent and embeds to the zero vector, similar to nothing, as with the lexical embedder.
  async function embed(texts: string[]): Promise<number[][]> {
    const sent = texts.filter((text) => text.trim() !== '');
    const vectors = await embedBatches(sent);
    if (sent.length === texts.length) return vectors;
    if (dimension === 0) await embedBatches(['dimension probe']);
    let next = 0;
    return texts.map((text) => (text.trim() === '' ? new Array<number>(dimension).fill(0) : vectors[next++]!));
  }

  return {
    model: opts.model,
    get dimension() {
      return dimension;
    },
    embed,
    async probe() {
      if (dimension === 0) await embedBatches(['dimension probe']);
      return dimension;
    },
  };
}

/** One vector per input, in input order, whatever order the provider answered in. */
function ordered(answer: Answer, count: number): number[][] {
  const data = answer?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw new AttemptError(`expected ${count} embeddings, got ${Array.isArray(data) ? data.length : 'no data'}`, false);
  }
  const out = new Array<number[]>(count);
  data.forEach((item, position) => {
    // Every provider sends `index`; without it, the answer's own order is the only one there is.
    const index = item?.index ?? position;
    if (!Number.isInteger(index) || index < 0 || index >= count || out[index]) throw new AttemptError(`bad or repeated index ${index}`, false);
    const v = item.embedding;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new AttemptError(`embedding ${index} is not a list of finite numbers${typeof v === 'string' ? ' (base64 encoding is not supported)' : ''}`, false);
    }
    out[index] = v as number[];
  });
  return out;
}

/** OpenAI and vLLM: `{error: {message}}`; TEI and Ollama: `{error: "…"}`; else the start of the body. */
function providerMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    const e = body?.error;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
    if (typeof e === 'string') return e;
    if (typeof body?.message === 'string') return body.message;
    if (typeof body?.detail === 'string') return body.detail;
  } catch {
    // not JSON
  }
  const trimmed = text.trim().slice(0, 200);
  return trimmed === '' ? undefined : trimmed;
}

/** Retry-After as seconds or an HTTP date, in ms. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, …); a timeout is an abort. */
function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  if (cause?.code) return cause.message?.includes(cause.code) ? cause.message : `${cause.code}${cause.message ? ` ${cause.message}` : ''}`;
  return cause?.message ?? e?.message ?? String(err);
}
