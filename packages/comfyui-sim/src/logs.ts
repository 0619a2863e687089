// The simulator's log, kept in memory like ComfyUI's app/logger.py (a deque of the last 300 `{ t, m }` entries,
// `t` an ISO timestamp without zone, `m` the text as written). Read by `GET /internal/logs` and `/internal/logs/raw`.

export interface LogEntry { t: string; m: string }

/** Where the simulator's modules write a log line (main.ts: the in-memory log and stderr/stdout). */
export type Logger = (line: string) => void;

const MAX_ENTRIES = 300;
const entries: LogEntry[] = [];
const listeners = new Set<(e: LogEntry) => void>();

/** Python's datetime.now().isoformat(): local time, microseconds, no zone. */
function isoNow(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

export function recordLog(text: string): void {
  const e = { t: isoNow(), m: text };
  entries.push(e);
  if (entries.length > MAX_ENTRIES) entries.shift();
  for (const l of listeners) l(e);
}

export function logEntries(): LogEntry[] {
  return [...entries];
}

export function onLog(listener: (e: LogEntry) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** shutil.get_terminal_size() of a process whose output is not a terminal (ComfyUI's TerminalService). */
export function terminalSize(): { cols: number; rows: number } {
  const cols = Number(process.env.COLUMNS) || process.stdout.columns || 80;
  const rows = Number(process.env.LINES) || process.stdout.rows || 24;
  return { cols, rows };
}
