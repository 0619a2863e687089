/**
 * Export downloads: the `Content-Disposition` filename, whether `/api/export` answered with the file
 * itself (200) or with a background task (202 `{ taskId }`), and how a polled task is doing.
 * Pure, unit-tested by test/stats-export.test.ts.
 */
import { isUnauthorized, readEnvelope } from './envelope.js';

export const TASK_POLL_MS = 1000;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Characters Windows and macOS refuse in file names, and control characters. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;

function cleanName(name: string): string {
  // Keep only the last path segment: a server must not choose the folder.
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '_').replace(/^[.\s]+/, '').trim();
  return cleaned.slice(0, 200);
}

function decodeExtValue(value: string): string | null {
  // RFC 5987: charset'lang'pct-encoded
  const match = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value.trim().replace(/^"(.*)"$/, '$1'));
  if (!match) return null;
  const charset = match[1]!.toLowerCase();
  const encoded = match[2]!;
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(encoded);
    // ISO-8859-1: every %XX is one code point.
    return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return null;
  }
}

function unquote(value: string): string {
  const v = value.trim();
  if (!v.startsWith('"')) return v;
  const inner = v.length > 1 && v.endsWith('"') ? v.slice(1, -1) : v.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

/** Splits `a=1; b="x;y"` into parameters, honouring quotes. */
function parameters(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/g;
  for (const m of header.matchAll(re)) {
    const name = m[1]!.toLowerCase();
    if (!params.has(name)) params.set(name, m[2]!);
  }
  return params;
}

/**
 * The file name a `Content-Disposition` header proposes (`filename*=UTF-8''…` wins over `filename=`),
 * reduced to a safe base name; null when there is none. Servers that percent-encode a plain
 * `filename=` (common for Chinese names) are decoded too.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const params = parameters(`;${header.replace(/^\s*[^;=]+(?=;|$)/, '')}`);
  const ext = params.get('filename*');
  let name = ext ? decodeExtValue(ext) : null;
  if (!name) {
    const plain = params.get('filename');
    if (plain !== undefined) {
      name = unquote(plain);
      if (/%[0-9a-f]{2}/i.test(name)) {
        try {
          name = decodeURIComponent(name);
        } catch {
          /* keep it as sent */
        }
      }
    }
  }
  if (!name) return null;
  const cleaned = cleanName(name);
  return cleaned || null;
}

/** `generation-logs-20260102-030405.xlsx` (local time) when the server names no file. */
export function fallbackFilename(now: Date = new Date(), prefix = 'generation-logs', ext = 'xlsx'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${prefix}-${stamp}.${ext}`;
}

export function isJsonType(contentType: string | null | undefined): boolean {
  return !!contentType && /(^|[/+])json\b/i.test(contentType.split(';')[0]!.trim());
}

/**
 * True when a download's answer means "your token is not valid": HTTP 401, or a body with code 401 inside an
 * HTTP 200 (the gateway's API_ERROR_STATUS=ok). `body` is the parsed JSON, undefined when it was not JSON.
 */
export function isUnauthorizedAnswer(status: number, body?: unknown): boolean {
  return status === 401 || isUnauthorized(readEnvelope(status, body));
}

/**
 * True when a response is the file itself: a 2xx other than 202 that says `attachment`, or whose body
 * is not JSON (an `.xlsx` stream without a disposition header).
 */
export function isFileResponse(status: number, contentType: string | null | undefined, disposition: string | null | undefined): boolean {
  if (status < 200 || status >= 300 || status === 202 || status === 204) return false;
  if (disposition && /^\s*attachment\b/i.test(disposition)) return true;
  return !isJsonType(contentType) && !/^text\/html\b/i.test(contentType ?? '');
}

export type ExportDecision =
  | { kind: 'file' }
  | { kind: 'task'; taskId: string }
  | { kind: 'error'; status: number; code: number; message: string };

function taskIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as { taskId?: unknown; id?: unknown; jobId?: unknown };
  const id = d.taskId ?? d.jobId ?? d.id;
  return (typeof id === 'string' && id) || (typeof id === 'number' && Number.isFinite(id)) ? String(id) : null;
}

/**
 * What to do with an `/api/export` (or task download) response. `body` is the parsed JSON of a
 * non-file response (undefined when it was not JSON). A task comes as 202 `{ taskId }` — also
 * accepted inside a 200 envelope, as art-design-pro style backends answer.
 */
export function decideExport(
  status: number,
  headers: { contentType?: string | null; disposition?: string | null },
  body?: unknown,
): ExportDecision {
  if (isFileResponse(status, headers.contentType, headers.disposition)) return { kind: 'file' };
  const result = readEnvelope<unknown>(status, body);
  if (!result.ok) return { kind: 'error', status, code: result.code, message: result.msg };
  const taskId = taskIdOf(result.data);
  if (taskId) return { kind: 'task', taskId };
  return { kind: 'error', status, code: result.code, message: '' };
}

import { TASK_STATUSES, type TaskStatus } from '@app/contracts/statuses';

export { TASK_STATUSES, type TaskStatus };

export interface TaskLike {
  status?: string | null;
  progress?: number | string | null;
  error?: string | null;
}

/** 0–100, whole numbers; a completed task is 100 whatever it reported. */
export function taskPercent(task: TaskLike | null | undefined): number {
  if (!task) return 0;
  if (task.status === 'completed') return 100;
  const n = typeof task.progress === 'string' ? Number(task.progress) : task.progress;
  if (typeof n !== 'number' || !Number.isFinite(n)) return 0;
  // Some queues report 0–1.
  const pct = n > 0 && n < 1 ? n * 100 : n;
  return Math.max(0, Math.min(100, Math.round(pct)));
}

/** After a poll: keep polling, fetch the file, or stop with the task's error. */
export function taskStep(task: TaskLike | null | undefined): 'poll' | 'download' | 'failed' {
  const status = task?.status;
  if (status === 'completed') return 'download';
  if (status === 'failed') return 'failed';
  return 'poll';
}
