import { Descriptions, Drawer, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchLog } from '../../../api/logs';
import type { Id } from '../../../api/types';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { LogTypeTag } from './log-type';

/** One log with its request and its stored detail (JSON). */
export function LogDetailDrawer({ id, onClose }: { id: Id | null; onClose: () => void }) {
  const t = useT();
  const detail = useQuery({ queryKey: ['settings', 'logs', 'detail', id], queryFn: () => fetchLog(id!), enabled: id !== null });
  const log = detail.data;
  const detailText = log?.detail === undefined || log?.detail === null ? '-' : typeof log.detail === 'string' ? log.detail : JSON.stringify(log.detail, null, 2);

  return (
    <Drawer open={id !== null} size={560} title={t('logs.detail')} onClose={onClose} data-testid="logs-detail-drawer">
      <Spin spinning={detail.isFetching}>
        {log && (
          <>
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                { key: 'id', label: 'ID', children: log.id },
                { key: 'time', label: t('logs.time'), children: formatTime(log.createdAt) },
                { key: 'type', label: t('logs.type'), children: <LogTypeTag type={log.type} /> },
                { key: 'action', label: t('logs.action'), children: log.action },
                { key: 'user', label: t('logs.username'), children: log.username ? `${log.username}${log.userId ? ` (#${log.userId})` : ''}` : '-' },
                { key: 'ip', label: t('logs.ip'), children: log.ip || '-' },
                { key: 'request', label: t('logs.path'), children: log.path ? `${log.method ?? ''} ${log.path}` : '-' },
                { key: 'status', label: t('logs.status'), children: log.status ?? '-' },
                { key: 'duration', label: t('logs.duration'), children: log.durationMs ?? '-' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t('logs.detailData')}</Typography.Title>
            <pre data-testid="logs-detail-json" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>{detailText}</pre>
          </>
        )}
      </Spin>
    </Drawer>
  );
}
