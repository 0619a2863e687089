/** How the monitor's figures read: bytes, rates, percentages, uptime, load, temperatures. Pure. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

const isFigure = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One decimal, without a trailing `.0`. */
const oneDecimal = (n: number) => String(Math.round(n * 10) / 10);

/** 0 → "0 B", 1536 → "1.5 KB", 8 × 1024³ → "8 GB" (powers of 1024, as `free` and `df -h` count); absent → "-". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isFigure(bytes) || bytes < 0) return '-';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KB would round to "1024 KB": show it as the next unit instead.
  if (unit < UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${oneDecimal(value)} ${UNITS[unit]}`;
}

/** Bytes per second: "1.5 MB/s". */
export function formatRate(bytesPerSec: number | null | undefined): string {
  const text = formatBytes(bytesPerSec);
  return text === '-' ? text : `${text}/s`;
}

/** 45.27 → "45.3%"; absent → "-". */
export function formatPercent(percent: number | null | undefined): string {
  return isFigure(percent) ? `${oneDecimal(percent)}%` : '-';
}

/** Used of total: "3.2 GB / 16 GB". */
export function formatUsedOf(used: number | null | undefined, total: number | null | undefined): string {
  return `${formatBytes(used)} / ${formatBytes(total)}`;
}

/** Seconds since boot → "3d 4h 05m", "4h 05m", "5m", "42s". */
export function formatUptime(seconds: number | null | undefined): string {
  if (!isFigure(seconds) || seconds < 0) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const mm = String(minutes).padStart(2, '0');
  if (days) return `${days}d ${hours}h ${mm}m`;
  if (hours) return `${hours}h ${mm}m`;
  return `${minutes}m`;
}

/** The 1, 5 and 15 minute load averages: "0.52 / 0.61 / 0.70". */
export function formatLoad(loadavg: readonly number[] | null | undefined): string {
  if (!Array.isArray(loadavg) || loadavg.length === 0) return '-';
  return loadavg.map((v) => (isFigure(v) ? v.toFixed(2) : '-')).join(' / ');
}

/** °C, rounded: "65 °C"; absent → "-". */
export function formatTemperature(celsius: number | null | undefined): string {
  return isFigure(celsius) ? `${Math.round(celsius)} °C` : '-';
}

export type UsageLevel = 'normal' | 'warning' | 'danger';

/** A usage from 70% is a warning, from 90% a danger (the gauges' and bars' colours). */
export function usageLevel(percent: number | null | undefined): UsageLevel {
  if (!isFigure(percent)) return 'normal';
  if (percent >= 90) return 'danger';
  if (percent >= 70) return 'warning';
  return 'normal';
}

/** antd's primary, warning and error colours. */
export const LEVEL_COLORS: Record<UsageLevel, string> = { normal: '#1677ff', warning: '#faad14', danger: '#ff4d4f' };

export const usageColor = (percent: number | null | undefined) => LEVEL_COLORS[usageLevel(percent)];
