// The routes ComfyUI's own web frontend asks for at start-up and while in use, answering as ComfyUI 0.3.64:
// users/settings/userdata (app/user_manager.py, app/app_settings.py), i18n and workflow_templates
// (app/custom_node_manager.py), experiment/models (app/model_manager.py), view_metadata, upload/mask
// (server.py), and the /internal routes (api_server/routes/internal/internal_routes.py). Wired into
// the route table of http-routes.ts (each also under /api/).
import { existsSync, mkdirSync, openSync, readSync, closeSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { SimOptions } from './args.js';
import type { SaveFn } from './file-routes.js';
import type { Folders } from './folders.js';
import { FrontendRoot } from './frontend.js';
import { logEntries, onLog, terminalSize } from './logs.js';
import { compositeMask } from './mask.js';
import { MODEL_FILES, MODEL_FOLDERS } from './nodes.js';
import { UserStore } from './userdata.js';
import { internalError, json, notFound, text, type Route } from './http-reply.js';

export interface UiHost {
  opts: SimOptions;
  readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined>;
  upload(req: IncomingMessage, res: ServerResponse, save?: SaveFn): Promise<void>;
  folders: Folders;
  /** JSON event to one WebSocket client (used for `logs` events to subscribed clients). */
  sendTo(sid: string, type: string, data: unknown): void;
}

const FOLDER_BLACKLIST = ['configs', 'custom_nodes'];
const STARTED = Date.now() / 1000;

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export class UiRoutes {
  readonly frontend: FrontendRoot | null;
  readonly users: UserStore;
  readonly modelsDir: string;
  private readonly host: UiHost;
  private readonly logSubscribers = new Set<string>();
  private unsubscribeLog: (() => void) | null = null;

  constructor(host: UiHost) {
    this.host = host;
    this.frontend = host.opts.frontEndRoot ? new FrontendRoot(host.opts.frontEndRoot) : null;
    this.users = new UserStore(host.opts.userDirectory);
    // ComfyUI's models live in <base>/models; the simulator's (virtual) ones beside the user directory.
    this.modelsDir = path.resolve(host.opts.userDirectory, '..', 'models');
  }

  stop(): void {
    this.unsubscribeLog?.();
  }

  routes(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Route[] {
    const u = this.users;
    const body = async (): Promise<{ ok: true; value: unknown } | { ok: false }> => {
      const raw = await this.host.readBody(req, res);
      if (raw === undefined) return { ok: false };
      try {
        return { ok: true, value: JSON.parse(raw.toString('utf8')) };
      } catch {
        // aiohttp's request.json() raising inside a handler: 500
        internalError(res);
        return { ok: false };
      }
    };
    return [
      ['GET', /^\/users$/, () => u.users(res)],
      ['GET', /^\/settings$/, () => u.getSettings(res)],
      ['GET', /^\/settings\/([^/]+)$/, (m) => u.getSetting(dec(m[1]!), res)],
      ['POST', /^\/settings$/, async () => {
        const b = await body();
        if (b.ok) u.postSettings(b.value, res);
      }],
      ['POST', /^\/settings\/([^/]+)$/, async (m) => {
        const b = await body();
        if (b.ok) u.postSetting(dec(m[1]!), b.value, res);
      }],
      ['GET', /^\/userdata$/, () => u.list(q, res)],
      ['GET', /^\/userdata\/([^/]+)$/, (m) => u.get(m[1]!, res, req.method === 'HEAD')],
      ['POST', /^\/userdata\/([^/]+)$/, async (m) => {
        // refused paths and overwrite=false conflicts are answered before the body is read, as ComfyUI does
        const full = u.filePath(m[1]!);
        if (!full) return text(res, 403);
        if (q.get('overwrite') === 'false' && existsSync(full)) return text(res, 409, 'File already exists');
        const raw = await this.host.readBody(req, res);
        if (raw !== undefined) u.post(m[1]!, q, raw, res);
      }],
      ['DELETE', /^\/userdata\/([^/]+)$/, (m) => u.delete(m[1]!, res)],
      ['POST', /^\/userdata\/([^/]+)\/move\/([^/]+)$/, (m) => u.move(m[1]!, m[2]!, q, res)],
      ['GET', /^\/i18n$/, () => json(res, 200, {})],
      ['GET', /^\/workflow_templates$/, () => json(res, 200, {})],
      ['GET', /^\/experiment\/models$/, () => json(res, 200, this.modelFolders())],
      ['GET', /^\/experiment\/models\/([^/]+)$/, (m) => {
        const folder = dec(m[1]!);
        return MODEL_FILES[folder] ? json(res, 200, this.modelFiles(folder)) : notFound(res);
      }],
      ['GET', /^\/view_metadata\/([^/]+)$/, (m) => this.viewMetadata(dec(m[1]!), q, res)],
      ['POST', /^\/upload\/mask$/, () => this.host.upload(req, res, (image, field, filepath) => this.saveMask(image, field, filepath))],
      ['GET', /^\/internal\/logs$/, () => json(res, 200, logEntries().map((e) => `${e.t} - ${e.m}`).join(''))],
      ['GET', /^\/internal\/logs\/raw$/, () => json(res, 200, { entries: logEntries(), size: terminalSize() })],
      ['PATCH', /^\/internal\/logs\/subscribe$/, async () => {
        const b = await body();
        if (!b.ok) return;
        const v = b.value as { clientId?: unknown; enabled?: unknown } | null;
        if (!v || typeof v !== 'object' || !('clientId' in v) || !('enabled' in v)) return internalError(res);
        this.subscribeLogs(String(v.clientId), Boolean(v.enabled));
        text(res, 200);
      }],
      ['GET', /^\/internal\/folder_paths$/, () => json(res, 200, Object.fromEntries(MODEL_FOLDERS.map((f) => [f, [path.join(this.modelsDir, f)]])))],
      ['GET', /^\/internal\/files\/([^/]+)$/, (m) => this.internalFiles(dec(m[1]!), res)],
    ];
  }

  /** `GET /extensions`: the web root's `extensions/**\/*.js` (the frontend skips `extensions/core`); [] without one. */
  extensions(): string[] {
    return this.frontend ? this.frontend.extensions() : [];
  }

  // ---------------------------------------------------------------- models
  private modelFolders() {
    return MODEL_FOLDERS.filter((f) => !FOLDER_BLACKLIST.includes(f)).map((name) => ({ name, folders: [path.join(this.modelsDir, name)] }));
  }

  /** `[{ name, pathIndex, modified, created, size }]`: the simulator's model list, with real stats when the file exists. */
  private modelFiles(folder: string) {
    return (MODEL_FILES[folder] ?? []).map((name) => {
      const full = path.join(this.modelsDir, folder, name);
      if (existsSync(full)) {
        const st = statSync(full);
        return { name, pathIndex: 0, modified: st.mtimeMs / 1000, created: st.ctimeMs / 1000, size: st.size };
      }
      return { name, pathIndex: 0, modified: STARTED, created: STARTED, size: 0 };
    });
  }

  /** GET /view_metadata/{folder}?filename=x.safetensors → the file's `__metadata__`; 404 when there is none. */
  private viewMetadata(folder: string, q: URLSearchParams, res: ServerResponse): void {
    const filename = q.get('filename');
    if (filename === null || !filename.endsWith('.safetensors') || !MODEL_FILES[folder]) return notFound(res);
    const root = path.join(this.modelsDir, folder);
    const full = path.resolve(root, filename);
    if (!full.startsWith(root + path.sep) || !existsSync(full) || !statSync(full).isFile()) return notFound(res);
    const header = safetensorsHeader(full, 1024 * 1024);
    if (header === null) return notFound(res);
    let parsed: unknown;
    try {
      parsed = JSON.parse(header.toString('utf8'));
    } catch {
      return internalError(res);
    }
    const meta = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).__metadata__ : undefined;
    if (meta === undefined) return notFound(res);
    json(res, 200, meta);
  }

  private internalFiles(type: string, res: ServerResponse): void {
    if (!['output', 'input', 'temp'].includes(type)) return json(res, 400, { error: 'Invalid directory type' });
    const dir = this.host.folders.ofType(type)!;
    let names: Array<{ name: string; mtime: number }> = [];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => ({ name: d.name, mtime: statSync(path.join(dir, d.name)).mtimeMs }));
    } catch {
      names = [];
    }
    json(res, 200, names.sort((a, b) => b.mtime - a.mtime).map((n) => n.name));
  }

  // ---------------------------------------------------------------- logs
  private subscribeLogs(clientId: string, enabled: boolean): void {
    if (enabled) this.logSubscribers.add(clientId);
    else this.logSubscribers.delete(clientId);
    if (this.logSubscribers.size > 0 && !this.unsubscribeLog) {
      this.unsubscribeLog = onLog((e) => {
        for (const sid of this.logSubscribers) this.host.sendTo(sid, 'logs', { entries: [e], size: terminalSize() });
      });
    } else if (this.logSubscribers.size === 0 && this.unsubscribeLog) {
      this.unsubscribeLog();
      this.unsubscribeLog = null;
    }
  }

  // ---------------------------------------------------------------- mask
  /**
   * upload_mask's save function: the original named by `original_ref` (`{ filename, subfolder?, type? }`,
   * filename maybe annotated `name [output]`) with the uploaded mask's alpha, written to `filepath`. A refused
   * or missing original writes nothing (the answer is still the upload's `{ name, subfolder, type }`).
   */
  private saveMask(image: Buffer, field: (name: string) => string | undefined, filepath: string): void {
    const ref = JSON.parse(field('original_ref') ?? 'null') as { filename?: string; subfolder?: string; type?: string } | null;
    if (!ref || typeof ref.filename !== 'string') throw new Error('original_ref without filename');
    const located = this.host.folders.locate(ref.filename, ref.type ?? null, ref.subfolder ?? null);
    if ('refused' in located) return;
    const original = path.join(located.dir, located.filename);
    if (!existsSync(original) || !statSync(original).isFile()) return;
    mkdirSync(path.dirname(filepath), { recursive: true });
    writeFileSync(filepath, compositeMask(readFileSync(original), image));
  }
}

/** comfy.utils.safetensors_header: the JSON header bytes, or null when larger than maxSize / not a safetensors file. */
function safetensorsHeader(file: string, maxSize: number): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    const lenBuf = Buffer.alloc(8);
    if (readSync(fd, lenBuf, 0, 8, 0) < 8) return null;
    const len = Number(lenBuf.readBigUInt64LE(0));
    if (len > maxSize) return null;
    const header = Buffer.alloc(len);
    if (readSync(fd, header, 0, len, 8) < len) return null;
    return header;
  } finally {
    closeSync(fd);
  }
}
