// ComfyUI's per-user storage, single-user (app/user_manager.py, app/app_settings.py): everything lives under
// `{user-directory}/default/`; settings in `default/comfy.settings.json`; `/userdata/{file}` takes the file
// path URL-encoded (`workflows%2Fa.json`). Paths leaving `default/` are refused with 403, as ComfyUI does.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { mimeOf, visibleEntries } from './frontend.js';
import { internalError, json, text } from './http-reply.js';

export const DEFAULT_USER = 'default';
export const SETTINGS_FILE = 'comfy.settings.json';

export interface FileInfo { path: string; size: number; modified: number }

/** Python's json.dumps(settings, indent=4) (ensure_ascii: non-ASCII as \uXXXX). */
function pythonJsonIndent4(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `?overwrite=` (default true) and `?full_info=` (default false) of the routes that write a file. */
function writeFlags(q: URLSearchParams): { overwrite: boolean; fullInfo: boolean } {
  return { overwrite: (q.get('overwrite') ?? 'true') !== 'false', fullInfo: (q.get('full_info') ?? 'false').toLowerCase() === 'true' };
}

export class UserStore {
  readonly userDirectory: string;
  readonly userRoot: string;

  constructor(userDirectory: string) {
    this.userDirectory = path.resolve(userDirectory);
    this.userRoot = path.join(this.userDirectory, DEFAULT_USER);
  }

  /**
   * get_request_user_filepath: the absolute path of `file` under `default/` (URL-decoded when it holds `%`),
   * null when it leaves it. Like ComfyUI, creates the parent folder unless told not to.
   */
  filePath(file: string | null, createDir = true): string | null {
    let full = this.userRoot;
    if (file !== null) {
      let f = file;
      if (f.includes('%')) {
        try {
          f = decodeURIComponent(f);
        } catch {
          /* parse.unquote leaves bad escapes as they are */
        }
      }
      if (f.includes('\0')) return null;
      full = path.resolve(this.userRoot, f);
      if (full !== this.userRoot && !full.startsWith(this.userRoot + path.sep)) return null;
    }
    const parent = path.dirname(full);
    if (createDir && !existsSync(parent)) mkdirSync(parent, { recursive: true });
    return full;
  }

  /** A file's `full_info` entry, its path relative to `base` with `/` separators. */
  fileInfo(full: string, base = this.userRoot): FileInfo {
    const st = statSync(full);
    return { path: path.relative(base, full).split(path.sep).join('/'), size: st.size, modified: Math.trunc(st.mtimeMs) };
  }

  // ------------------------------------------------------------ users
  /** GET /users, single-user: `migrated` says whether `default/` exists yet (it does after the first write or settings read). */
  users(res: ServerResponse): void {
    json(res, 200, { storage: 'server', migrated: existsSync(this.filePath(null, false)!) });
  }

  // ------------------------------------------------------------ settings
  readSettings(): Record<string, unknown> {
    const file = this.filePath(SETTINGS_FILE)!;
    if (!existsSync(file) || !statSync(file).isFile()) return {};
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  }

  private saveSettings(settings: Record<string, unknown>): void {
    writeFileSync(this.filePath(SETTINGS_FILE)!, pythonJsonIndent4(settings));
  }

  getSettings(res: ServerResponse): void {
    json(res, 200, this.readSettings());
  }

  getSetting(id: string, res: ServerResponse): void {
    const settings = this.readSettings();
    json(res, 200, Object.prototype.hasOwnProperty.call(settings, id) ? settings[id] : null);
  }

  /** POST /settings: the body object merged over the stored one. */
  postSettings(body: unknown, res: ServerResponse): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return internalError(res);
    this.saveSettings({ ...this.readSettings(), ...(body as Record<string, unknown>) });
    text(res, 200);
  }

  /** POST /settings/{id}: the body (any JSON value) becomes that setting. */
  postSetting(id: string, body: unknown, res: ServerResponse): void {
    if (!id) return text(res, 400);
    const settings = this.readSettings();
    settings[id] = body;
    this.saveSettings(settings);
    text(res, 200);
  }

  // ------------------------------------------------------------ userdata
  /** GET /userdata?dir=&recurse=&full_info=&split= (glob semantics: files only, hidden names skipped). */
  list(q: URLSearchParams, res: ServerResponse): void {
    const directory = q.get('dir') ?? '';
    if (!directory) return text(res, 400, 'Directory not provided');
    const dir = this.filePath(directory);
    if (!dir) return text(res, 403, 'Invalid directory');
    if (!existsSync(dir)) return text(res, 404, 'Directory not found');
    const recurse = (q.get('recurse') ?? '').toLowerCase() === 'true';
    const fullInfo = (q.get('full_info') ?? '').toLowerCase() === 'true';
    const split = (q.get('split') ?? '').toLowerCase() === 'true';
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of visibleEntries(d)) {
        const p = path.join(d, e.name);
        let st;
        try {
          st = statSync(p);
        } catch {
          continue;
        }
        if (st.isFile()) files.push(p);
        else if (st.isDirectory() && recurse) walk(p);
      }
    };
    walk(dir);
    json(res, 200, files.map((full) => {
      if (fullInfo) return this.fileInfo(full, dir);
      const rel = path.relative(dir, full).split(path.sep).join('/');
      return split ? [rel, ...rel.split('/')] : rel;
    }));
  }

  /**
   * GET /userdata/{file}. Served as a download with nosniff (what newer ComfyUI does so stored user files
   * cannot run as pages on the ComfyUI origin); `user.css` inline as text/css.
   */
  get(file: string, res: ServerResponse, head = false): void {
    const full = this.filePath(file);
    if (!full) return text(res, 403);
    if (!existsSync(full) || !statSync(full).isFile()) return text(res, 404); // web.Response(status=404): no body
    const data = readFileSync(full);
    const isUserCss = full === path.join(this.userRoot, 'user.css');
    let type = isUserCss ? 'text/css' : mimeOf(full);
    if (!isUserCss && /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|application\/javascript|text\/javascript)/.test(type)) type = 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': data.length,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': isUserCss ? 'inline' : 'attachment',
    });
    res.end(head ? undefined : data);
  }

  /** POST /userdata/{file}?overwrite=&full_info=: the raw body, written atomically once it has fully arrived. */
  post(file: string, q: URLSearchParams, body: Buffer, res: ServerResponse): void {
    const full = this.filePath(file);
    if (!full) return text(res, 403);
    const { overwrite, fullInfo } = writeFlags(q);
    if (!overwrite && existsSync(full)) return text(res, 409, 'File already exists');
    const tmp = path.join(path.dirname(full), `tmp${randomBytes(6).toString('hex')}`);
    try {
      writeFileSync(tmp, body);
      renameSync(tmp, full);
    } catch {
      rmSync(tmp, { force: true });
      res.statusMessage = 'Invalid filename. Please avoid special characters like :\\/*?"<>|';
      return text(res, 400);
    }
    this.written(full, fullInfo, res);
  }

  /** DELETE /userdata/{file} → 204. */
  delete(file: string, res: ServerResponse): void {
    const full = this.filePath(file);
    if (!full) return text(res, 403);
    if (!existsSync(full)) return text(res, 404);
    unlinkSync(full);
    res.writeHead(204);
    res.end();
  }

  /** POST /userdata/{file}/move/{dest}?overwrite=&full_info=. */
  move(file: string, dest: string, q: URLSearchParams, res: ServerResponse): void {
    const source = this.filePath(file);
    if (!source) return text(res, 403);
    if (!existsSync(source)) return text(res, 404);
    const target = this.filePath(dest);
    if (!target) return text(res, 403);
    const { overwrite, fullInfo } = writeFlags(q);
    if (!overwrite && existsSync(target)) return text(res, 409, 'File already exists');
    try {
      renameSync(source, target);
    } catch {
      copyFileSync(source, target);
      unlinkSync(source);
    }
    this.written(target, fullInfo, res);
  }

  /** The answer to a write: the file's `full_info` entry, or its path under `default/`. */
  private written(full: string, fullInfo: boolean, res: ServerResponse): void {
    json(res, 200, fullInfo ? this.fileInfo(full) : path.relative(this.userRoot, full));
  }
}
