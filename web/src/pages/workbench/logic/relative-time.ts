/** "12 s ago" for heartbeats: dayjs' fromNow says "a few seconds ago" for anything under 45 s, too coarse here. */
export type Ago =
  | { key: 'justNow' }
  | { key: 'seconds' | 'minutes' | 'hours' | 'days'; n: number };

export function ago(value: string | number | null | undefined, now: number): Ago | null {
  if (value === null || value === undefined || value === '') return null;
  const at = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(at)) return null;
  // A clock slightly ahead of ours is still "just now".
  const seconds = Math.floor(Math.max(0, now - at) / 1000);
  if (seconds < 5) return { key: 'justNow' };
  if (seconds < 60) return { key: 'seconds', n: seconds };
  if (seconds < 3600) return { key: 'minutes', n: Math.floor(seconds / 60) };
  if (seconds < 86_400) return { key: 'hours', n: Math.floor(seconds / 3600) };
  return { key: 'days', n: Math.floor(seconds / 86_400) };
}
