// Files in and out, as ComfyUI's server.py: `GET /view` serves a file of the output/input/temp folders,
// `POST /upload/image` stores a multipart upload (and, through its `save` hook, `POST /upload/mask`).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Folders } from './folders.js';
import { json, notFound, text, type Route } from './http-reply.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import type { BodyReader } from './request-body.js';

/** Writes an uploaded image: ComfyUI's `image_save_function` hook of `image_upload`. */
export type SaveFn = (image: Buffer, field: (name: string) => string | undefined, filepath: string) => void;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.json': 'application/json',
};

export class FileRoutes {
  constructor(private readonly folders: Folders, private readonly bodies: BodyReader) {}

  routes(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Route[] {
    return [
      ['GET', /^\/view$/, () => this.view(q, res)],
      ['POST', /^\/upload\/image$/, () => this.upload(req, res)],
    ];
  }

  /** GET /view, as ComfyUI: `..`/absolute filename → 400, subfolder escaping the folder → 403, missing → 404. */
  view(q: URLSearchParams, res: ServerResponse): void {
    const filename = q.get('filename');
    if (filename === null) return notFound(res);
    const located = this.folders.locate(filename, q.get('type'), q.get('subfolder'));
    if ('refused' in located) return text(res, located.refused, '');
    const name = path.basename(located.filename);
    const file = path.join(located.dir, name);
    if (!existsSync(file) || !statSync(file).isFile()) return notFound(res);
    const data = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': data.length,
      'Content-Disposition': `filename="${name}"`,
    });
    res.end(data);
  }

  /** POST /upload/image (and /upload/mask, whose `save` writes the composite instead of the upload). */
  async upload(req: IncomingMessage, res: ServerResponse, save?: SaveFn): Promise<void> {
    const boundary = boundaryOf(req.headers['content-type']);
    const body = await this.bodies.read(req, res);
    if (body === undefined) return;
    if (!boundary) return text(res, 400, '');
    const parts = parseMultipart(body, boundary);
    const field = (n: string) => parts.find((p) => p.name === n && p.filename === undefined)?.data.toString('utf8');
    const image = parts.find((p) => p.name === 'image' && p.filename !== undefined);
    if (!image || !image.filename) return text(res, 400, '');
    const type = field('type') || 'input';
    const uploadType = type === 'output' || type === 'temp' ? type : 'input';
    const uploadDir = this.folders.ofType(uploadType)!;
    const subfolder = field('subfolder') ?? '';
    const folder = path.resolve(uploadDir, path.normalize(subfolder || '.'));
    let filename = path.basename(image.filename);
    let filepath = path.resolve(folder, filename);
    if (!filepath.startsWith(uploadDir + path.sep)) return text(res, 400, '');
    mkdirSync(folder, { recursive: true });
    const overwrite = field('overwrite');
    let duplicate = false;
    if (overwrite !== 'true' && overwrite !== '1') {
      // as ComfyUI: an identical file already there is reused, a different one gets a free ` (n)` name
      const ext = path.extname(filename);
      const stem = filename.slice(0, filename.length - ext.length);
      for (let i = 1; existsSync(filepath); i++) {
        if (readFileSync(filepath).equals(image.data)) {
          duplicate = true;
          break;
        }
        filename = `${stem} (${i})${ext}`;
        filepath = path.join(folder, filename);
      }
    }
    if (!duplicate) {
      if (save) save(image.data, field, filepath);
      else writeFileSync(filepath, image.data);
    }
    json(res, 200, { name: filename, subfolder, type: uploadType });
  }
}
