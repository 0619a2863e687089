/** Display helpers of generation logs: status colours, durations, success rate, details. Pure. */

/** antd Tag colours. */
export function logStatusColor(status: unknown): 'processing' | 'success' | 'error' | 'default' {
  if (status === 'running') return 'processing';
  if (status === 'success') return 'success';
  if (status === 'failed') return 'error';
  return 'default';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 850 → "850 ms", 1530 → "1.5 s", 125000 → "2m 05s", 7380000 → "2h 03m"; absent or invalid → "-". */
export function formatDuration(ms: number | string | null | undefined): string {
  const value = typeof ms === 'string' && ms.trim() !== '' ? Number(ms) : ms;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return '-';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(Math.floor(value / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor((seconds % 3600) / 60))}m`;
}

/** Success share in percent with one decimal, null when nothing ran. */
export function successRate(totals: { total: number; success: number }): number | null {
  if (!totals.total) return null;
  return Math.round((totals.success / totals.total) * 1000) / 10;
}

/** `details` of a log as one line (the table) or pretty JSON (the expanded row). */
export function detailsText(details: unknown, pretty = false): string {
  if (details === null || details === undefined || details === '') return '';
  if (typeof details === 'string') return details;
  try {
    return JSON.stringify(details, null, pretty ? 2 : undefined) ?? '';
  } catch {
    return String(details);
  }
}
