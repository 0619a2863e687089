import type { ReactNode } from 'react';
import { Tag } from 'antd';
import {
  CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined, QuestionCircleOutlined, SyncOutlined,
} from '@ant-design/icons';
import { useT } from '../../i18n/preferences';
import { statusBadge, type StatusBadge } from './logic/service-status';

const ICONS: Record<StatusBadge['status'], ReactNode> = {
  none: <MinusCircleOutlined />,
  unknown: <QuestionCircleOutlined />,
  starting: <SyncOutlined spin />,
  running: <CheckCircleOutlined />,
  stopping: <SyncOutlined spin />,
  stopped: <MinusCircleOutlined />,
  crashed: <ExclamationCircleOutlined />,
  failed: <CloseCircleOutlined />,
};

/** A ComfyUI instance's status as a coloured tag; `data-status` carries the raw value for tests. */
export function StatusTag({ status, testId }: { status: string | null | undefined; testId?: string }) {
  const t = useT();
  const badge = statusBadge(status);
  return (
    <Tag color={badge.color} icon={ICONS[badge.status]} data-testid={testId} data-status={badge.status} style={{ marginInlineEnd: 0 }}>
      {badge.status === 'unknown' ? String(status) : t(badge.labelKey)}
    </Tag>
  );
}
