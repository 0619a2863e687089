import { Button, Card, Flex, Popconfirm, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, ExperimentOutlined } from '@ant-design/icons';
import type { Project } from '../../api/projects';
import { Auth } from '../../auth/auth';
import { testId } from '../../components/test-ids';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { ownerLabel } from './logic/names';
import { StatusTag } from './status-tag';

interface ProjectCardProps {
  project: Project;
  showOwner: boolean;
  opening: boolean;
  onOpen: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function ProjectCard({ project: p, showOwner, opening, onOpen, onEdit, onDelete }: ProjectCardProps) {
  const t = useT();
  return (
    <Card
      data-testid={`project-card-${p.id}`}
      style={{ height: '100%' }}
      styles={{ body: { height: '100%', display: 'flex', flexDirection: 'column', gap: 8 } }}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Title level={5} style={{ margin: 0, flex: 1, minWidth: 0 }} ellipsis={{ tooltip: p.name }}>{p.name}</Typography.Title>
        <span style={{ flex: 'none' }}>
          <StatusTag status={p.service?.status} testId={`project-status-${p.id}`} />
        </span>
      </Flex>
      <Typography.Text type="secondary">
        {t('workbench.code')}: <Typography.Text code copyable={{ text: p.code }}>{p.code}</Typography.Text>
      </Typography.Text>
      <Typography.Text type="secondary">{t('workbench.createTime')}: {formatTime(p.createTime)}</Typography.Text>
      {showOwner && (
        <Typography.Text type="secondary" data-testid={`project-owner-${p.id}`}>{t('workbench.owner')}: {ownerLabel(p)}</Typography.Text>
      )}
      <Typography.Paragraph
        type={p.note ? undefined : 'secondary'}
        ellipsis={{ rows: 2, tooltip: p.note || undefined }}
        style={{ margin: 0, flex: 1, minHeight: 44 }}
      >
        {p.note || t('workbench.noNote')}
      </Typography.Paragraph>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Auth perm="comfy:use">
          <Button type="primary" icon={<ExperimentOutlined />} loading={opening} onClick={onOpen} data-testid={`project-open-${p.id}`}>
            {opening ? t('workbench.starting') : t('workbench.generate')}
          </Button>
        </Auth>
        <Auth perm="project:manage">
          <Space size={0} style={{ marginInlineStart: 'auto' }}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={onEdit} data-testid={`project-edit-${p.id}`}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              destroyOnHidden
              title={t('workbench.deleteConfirm', { name: p.name })}
              description={t('workbench.deleteHint')}
              okButtonProps={{ danger: true, ...testId('popconfirm-ok') }}
              onConfirm={onDelete}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`project-delete-${p.id}`}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        </Auth>
      </Flex>
    </Card>
  );
}
