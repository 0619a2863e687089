import { useEffect, useState } from 'react';
import { Tooltip } from 'antd';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { ago } from './logic/relative-time';

/** The current time, ticking every `intervalMs` so relative times stay true between refetches. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function RelativeTime({ value, now }: { value: string | null | undefined; now: number }) {
  const t = useT();
  const a = ago(value, now);
  if (!a) return <>-</>;
  return (
    <Tooltip title={formatTime(value)}>
      <span>{a.key === 'justNow' ? t('workbench.ago.justNow') : t(`workbench.ago.${a.key}`, { n: a.n })}</span>
    </Tooltip>
  );
}
