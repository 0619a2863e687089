// Request bodies as aiohttp reads them: at most --max-upload-size (client_max_size; 413 beyond), whole in memory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, text } from './http-reply.js';

export class BodyReader {
  private readonly limit: number;

  constructor(maxUploadSizeMb: number) {
    this.limit = Math.round(maxUploadSizeMb * 1024 * 1024);
  }

  /** The body, or undefined once a 413 has been answered. */
  read(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const limit = this.limit;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          if (!tooLarge) {
            tooLarge = true;
            text(res, 413, `Maximum request body size ${limit} exceeded, actual body size ${size}`);
            resolve(undefined);
          }
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => { if (!tooLarge) resolve(Buffer.concat(chunks)); });
      req.on('error', reject);
    });
  }

  /** The body as JSON (empty → null), or undefined once a 413 or ComfyUI's `invalid_json` 400 has been answered. */
  async json(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const raw = await this.read(req, res);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw.toString('utf8') || 'null');
    } catch (err) {
      json(res, 400, { error: { type: 'invalid_json', message: 'Request body is not valid JSON', details: (err as Error).message, extra_info: {} }, node_errors: {} });
      return undefined;
    }
  }
}
