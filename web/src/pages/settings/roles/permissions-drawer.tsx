import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Drawer, Empty, Flex, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { listPermissions, setRolePermissions } from '../../../api/roles';
import type { Role } from '../../../api/types';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { useT, usePreferences } from '../../../i18n/preferences';
import { DEFAULT_PERMISSIONS, groupPermissions, toggleModule } from '../../../lib/permission-groups';

const MODULE_TITLES: Record<string, [zh: string, en: string]> = {
  dashboard: ['仪表盘', 'Dashboard'],
  project: ['项目', 'Projects'],
  comfy: ['ComfyUI', 'ComfyUI'],
  stats: ['数据统计', 'Statistics'],
  monitor: ['服务器监控', 'Monitor'],
  vector: ['向量管理', 'Vectors'],
  kb: ['知识库', 'Knowledge base'],
  tools: ['工具', 'Tools'],
  api: ['API 文档', 'API docs'],
  system: ['系统设置', 'Settings'],
};

/** The role's permissions, grouped by module; admin and `*` holders cannot be narrowed here. */
export function PermissionsDrawer({ role, locked, onClose, refresh }: { role: Role | null; locked: boolean; onClose: () => void; refresh: () => unknown }) {
  const t = useT();
  const { locale } = usePreferences();
  const [selected, setSelected] = useState<string[]>([]);
  // Opening a role starts from what it holds (a refetch of the same role keeps the ticks).
  const [shownFor, setShownFor] = useState<Role['id'] | null>(null);
  if ((role?.id ?? null) !== shownFor) {
    setShownFor(role?.id ?? null);
    setSelected((role?.permissions ?? []).filter((p) => p !== '*'));
  }

  const catalogue = useQuery({ queryKey: ['settings', 'permissions'], queryFn: listPermissions, staleTime: 10 * 60_000 });
  const groups = useMemo(() => groupPermissions(catalogue.data?.length ? catalogue.data : DEFAULT_PERMISSIONS), [catalogue.data]);
  const titleOf = useMemo(() => new Map(groups.flatMap((g) => g.items.map((i) => [i.key, i.title] as const))), [groups]);
  const moduleTitle = (m: string) => MODULE_TITLES[m]?.[locale === 'zh-CN' ? 0 : 1] ?? m;

  const save = useResourceMutation({
    mutationFn: () => setRolePermissions(role!.id, selected),
    success: t('common.saved'),
    onSuccess: onClose,
    refresh,
  });

  return (
    <Drawer
      open={!!role}
      size={640}
      title={`${t('roles.editPermissions')}: ${role?.name ?? ''}`}
      onClose={onClose}
      data-testid="role-perms-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" disabled={locked} loading={save.isPending} onClick={() => save.mutate()} data-testid="role-perms-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {locked ? (
        <Alert type="info" showIcon title={t('roles.adminLocked')} />
      ) : groups.length === 0 ? (
        <Empty />
      ) : (
        <Flex vertical gap={12}>
          {groups.map((group) => {
            const keys = group.items.map((i) => i.key);
            const count = keys.filter((k) => selected.includes(k)).length;
            return (
              <Card
                key={group.module}
                size="small"
                data-testid={`perm-group-${group.module}`}
                title={
                  <Checkbox
                    checked={count === keys.length}
                    indeterminate={count > 0 && count < keys.length}
                    onChange={(e) => setSelected((s) => toggleModule(s, group, e.target.checked))}
                  >
                    {moduleTitle(group.module)} <Typography.Text type="secondary">({group.module})</Typography.Text>
                  </Checkbox>
                }
              >
                <Checkbox.Group
                  value={selected.filter((k) => keys.includes(k))}
                  onChange={(values) => setSelected((s) => [...s.filter((k) => !keys.includes(k)), ...(values as string[])])}
                >
                  <Flex wrap gap={8}>
                    {group.items.map((item) => (
                      <Checkbox key={item.key} value={item.key} data-testid={`perm-${item.key}`}>
                        {titleOf.get(item.key) ?? item.title} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{item.key}</Typography.Text>
                      </Checkbox>
                    ))}
                  </Flex>
                </Checkbox.Group>
              </Card>
            );
          })}
        </Flex>
      )}
    </Drawer>
  );
}
