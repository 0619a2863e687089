import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received, answered or not. */
export interface EmbeddingsRequest {
  method: string;
  path: string;
  model: string;
  /** The texts of the batch (`input`, a string counted as a batch of one). */
  input: string[];
  /** The Authorization header as sent, if any. */
  authorization?: string;
  /** The status it was answered with; undefined while hanging (or never answered). */
  status?: number;
}

export interface OpenAiEmbeddingsOptions {
  /** Models served and the dimension of each (default `{ 'test-embed': 8 }`). */
  models?: Record<string, number>;
  /** Required as `Authorization: Bearer <apiKey>` when set: anything else is a 401 like OpenAI's. */
  apiKey?: string;
  /** The order of `data` in an answer: reversed by default, as nothing promises the input's order. */
  order?: 'reverse' | 'as-sent';
}

export interface OpenAiEmbeddingsServer {
  /** The base URL, without /v1 (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: EmbeddingsRequest[];
  /** The vector this server answers for `text` under `model` (unit length, deterministic). */
  vector(text: string, model?: string): number[];
  /** The next `count` requests fail with `status` (500 by default; 429 and 503 may carry a Retry-After in seconds). */
  fail(count: number, status?: number, opts?: { retryAfter?: number }): void;
  /** The next `count` answers have vectors one longer than the model's dimension (`Infinity`: every answer). */
  wrongDimension(count?: number): void;
  /** The next `count` requests are never answered (until close). */
  hang(count?: number): void;
  /** Stops listening and drops every connection: the provider is down, the port refuses connections. */
  close(): Promise<void>;
  /** Listens again on the same port after `close`: the provider is back (faults and records are kept). */
  reopen(): Promise<void>;
}

/**
 * A real HTTP OpenAI-compatible embeddings provider on 127.0.0.1 (an ephemeral port) for tests and benches:
 * `POST /v1/embeddings {model, input}` → `{object: 'list', data: [{object, index, embedding}], model, usage}`,
 * vectors seeded by a hash of the model and the text; an unknown model a 404 `{error: {message, type, code}}`
 * and an empty input a 400, as OpenAI answers; and faults switched on per test.
 */
export async function startOpenAiEmbeddings(opts: OpenAiEmbeddingsOptions = {}): Promise<OpenAiEmbeddingsServer> {
  const models = opts.models ?? { 'test-embed': 8 };
  const requests: EmbeddingsRequest[] = [];
  const faults = { fail: 0, failStatus: 500, retryAfter: undefined as number | undefined, wrongDimension: 0, hang: 0 };
  const hanging = new Set<ServerResponse>();

  const vector = (text: string, model = Object.keys(models)[0]!) => {
    const dimension = models[model];
    if (dimension === undefined) throw new Error(`unknown model ${model}`);
    return seeded(`${model}\u0000${text}`, dimension);
  };

  function send(res: ServerResponse, record: EmbeddingsRequest, status: number, body: unknown, headers: Record<string, string> = {}) {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
  const error = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { model?: unknown; input?: unknown } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      // answered below as a bad request
    }
    const input = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
    const record: EmbeddingsRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      model: typeof body.model === 'string' ? body.model : '',
      input,
      authorization: req.headers.authorization,
    };
    requests.push(record);

    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(res, record, 404, error(`Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', 'unknown_url'));
    if (faults.hang > 0) {
      faults.hang--;
      hanging.add(res);
      return;
    }
    if (faults.fail > 0) {
      faults.fail--;
      const headers: Record<string, string> = faults.retryAfter === undefined ? {} : { 'retry-after': String(faults.retryAfter) };
      const [type, message] = faults.failStatus === 429 ? ['rate_limit_exceeded', 'Rate limit reached'] : ['server_error', 'The server had an error while processing your request'];
      return send(res, record, faults.failStatus, error(message, type, null), headers);
    }
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return send(res, record, 401, error('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (!Array.isArray(body.input) && typeof body.input !== 'string') return send(res, record, 400, error("'input' is a required property", 'invalid_request_error', null));
    if (input.some((text) => text === '')) {
      return send(res, record, 400, error("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', null));
    }
    const dimension = models[record.model];
    if (dimension === undefined) {
      return send(res, record, 404, error(`The model \`${record.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
    }
    const wrong = faults.wrongDimension > 0;
    if (wrong) faults.wrongDimension--;
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: wrong ? seeded(`${record.model}\u0000${text}`, dimension + 1) : vector(text, record.model) }));
    if ((opts.order ?? 'reverse') === 'reverse') data.reverse();
    const tokens = input.reduce((n, text) => n + Math.ceil(text.length / 4), 0);
    send(res, record, 200, { object: 'list', data, model: record.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    requests,
    vector,
    fail(count, status = 500, o = {}) {
      Object.assign(faults, { fail: count, failStatus: status, retryAfter: o.retryAfter });
    },
    wrongDimension(count = 1) {
      faults.wrongDimension = count;
    },
    hang(count = 1) {
      faults.hang = count;
    },
    close() {
      closed ??= new Promise<void>((done) => {
        server.close(() => done());
        for (const res of hanging) res.destroy();
        hanging.clear();
        server.closeAllConnections();
      });
      return closed;
    },
    async reopen() {
      if (!closed) return;
      await closed;
      closed = undefined;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
  };
}

/** A unit vector from a 32-bit FNV-1a seed of `key` (mulberry32): the same text, the same vector. */
function seeded(key: string, dimension: number): number[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  let state = h;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  const v = Array.from({ length: dimension }, next);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}
