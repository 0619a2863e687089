// `--front-end-root DIR`: a built ComfyUI frontend served at `/` the way ComfyUI 0.3.64 does it
// (server.py: `GET /` → index.html with no-cache headers, then aiohttp's `web.static('/', web_root)` after every
// API route), plus ComfyUI's cache_control middleware (middleware/cache_middleware.py).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { notFound, text } from './http-reply.js';

const ONE_HOUR = 3600;
const ONE_DAY = 86400;
const IMG_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];

/**
 * ComfyUI's cache_control middleware, applied to every response (API routes included), keyed on the request
 * path: `.js`, `.css` and `…index.json` → `no-cache`; images → a day when found, an hour when 404, no-cache on
 * temporary redirects. Like `headers.setdefault`, a Cache-Control the handler set itself wins.
 */
export function applyCacheControl(pathname: string, res: ServerResponse): void {
  const lower = pathname.toLowerCase();
  const noCache = pathname.endsWith('.js') || pathname.endsWith('.css') || pathname.endsWith('index.json');
  const image = IMG_EXTENSIONS.some((e) => lower.endsWith(e));
  if (!noCache && !image) return;
  const policy = (status: number): string | null => {
    if (noCache) return 'no-cache';
    if (status === 404) return `public, max-age=${ONE_HOUR}`;
    if ([200, 201, 202, 203, 204, 205, 206, 301, 308].includes(status)) return `public, max-age=${ONE_DAY}`;
    if ([302, 303, 307].includes(status)) return 'no-cache';
    return null;
  };
  const original = res.writeHead;
  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = rest.find((r) => typeof r === 'object' && r !== null) as Record<string, unknown> | undefined;
    const given = this.hasHeader('cache-control') || (headers && Object.keys(headers).some((k) => k.toLowerCase() === 'cache-control'));
    const value = policy(status);
    if (!given && value) this.setHeader('Cache-Control', value);
    return (original as (...a: unknown[]) => ServerResponse).apply(this, [status, ...rest]);
  } as typeof res.writeHead;
}

/** Content types as ComfyUI's `mimetypes` gives them (`.js` overridden to carry a charset, as server.py does). */
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.glb': 'model/gltf-binary',
};

export function mimeOf(name: string): string {
  return MIME[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** A folder's entries as Python's glob lists them: by name, hidden names skipped; none when it cannot be read. */
export function visibleEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

/** aiohttp's FileResponse: Last-Modified, ETag, conditional GET (304), HEAD. */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, extra: Record<string, string> = {}): void {
  const st = statSync(file);
  const etag = `"${st.mtimeMs.toString(16).replace('.', '')}-${st.size.toString(16)}"`;
  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000).toUTCString();
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const notModified = inm !== undefined
    ? inm.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etag) || inm.trim() === '*'
    : ims !== undefined && !Number.isNaN(Date.parse(ims)) && Math.floor(st.mtimeMs / 1000) * 1000 <= Date.parse(ims);
  const headers: Record<string, string | number> = { ETag: etag, 'Last-Modified': lastModified, ...extra };
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const data = readFileSync(file);
  res.writeHead(200, { 'Content-Type': mimeOf(file), 'Content-Length': data.length, 'Accept-Ranges': 'bytes', ...headers });
  res.end(req.method === 'HEAD' ? undefined : data);
}

export class FrontendRoot {
  readonly root: string;
  private readonly realRoot: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.realRoot = realpathSync(this.root);
  }

  /** `GET /`: index.html, never cached (server.py get_root). */
  index(req: IncomingMessage, res: ServerResponse): void {
    const file = path.join(this.root, 'index.html');
    if (!existsSync(file)) return notFound(res); // no body is written for HEAD (node's ServerResponse drops it)
    sendFile(req, res, file, { 'Cache-Control': 'no-cache', Pragma: 'no-cache', Expires: '0' });
  }

  /**
   * aiohttp `web.static('/', root)` (no directory listing, symlinks not followed out of the root): a file by
   * its path, 403 for a directory, 404 for anything missing or outside the root.
   */
  serve(rawPathname: string, req: IncomingMessage, res: ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(rawPathname).replace(/^\/+/, '');
    } catch {
      return notFound(res);
    }
    if (rel.includes('\0') || path.isAbsolute(rel)) return text(res, 403, '403: Forbidden');
    const full = path.resolve(this.root, rel);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) return notFound(res);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return notFound(res);
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) return notFound(res);
    const st = statSync(real);
    if (st.isDirectory()) return text(res, 403, '403: Forbidden');
    if (!st.isFile()) return notFound(res);
    sendFile(req, res, real);
  }

  /** `GET /extensions` with a web root: every `extensions/**\/*.js` under it, as `/extensions/...` URLs. */
  extensions(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of visibleEntries(dir)) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js')) out.push('/' + path.relative(this.root, p).split(path.sep).join('/'));
      }
    };
    walk(path.join(this.root, 'extensions'));
    return out;
  }

  /** The frontend root holds the core templates (`templates/index.json`) only when it was built with them. */
  hasTemplatesIndex(): boolean {
    const f = path.join(this.root, 'templates', 'index.json');
    return existsSync(f) && statSync(f).isFile();
  }
}

