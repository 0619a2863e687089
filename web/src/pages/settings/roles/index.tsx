import { useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Checkbox, Drawer, Empty, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography,
  type TableColumnsType,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createRole, deleteRole, listPermissions, listRoles, setRolePermissions, updateRole, type RoleInput } from '../../../api/roles';
import type { Role } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { ME_QUERY_KEY } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { rowTestId, testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT, usePreferences } from '../../../i18n/preferences';
import { DEFAULT_PERMISSIONS, groupPermissions, toggleModule } from '../../../lib/permission-groups';

const PERM = 'system:roles';
const ADMIN = 'admin';

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

type Editing = { mode: 'create' } | { mode: 'edit'; role: Role };

export default function RolesPage() {
  const t = useT();
  const { locale } = usePreferences();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [permRole, setPermRole] = useState<Role | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<RoleInput>();

  const roles = useQuery({ queryKey: ['settings', 'roles'], queryFn: () => listRoles() });
  const catalogue = useQuery({ queryKey: ['settings', 'permissions'], queryFn: listPermissions, staleTime: 10 * 60_000 });
  const groups = useMemo(
    () => groupPermissions(catalogue.data?.length ? catalogue.data : DEFAULT_PERMISSIONS),
    [catalogue.data],
  );
  const titleOf = useMemo(() => new Map(groups.flatMap((g) => g.items.map((i) => [i.key, i.title] as const))), [groups]);
  const moduleTitle = (m: string) => MODULE_TITLES[m]?.[locale === 'zh-CN' ? 0 : 1] ?? m;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['settings', 'roles'] });
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };

  const save = useMutation({
    mutationFn: (values: RoleInput) => (editing?.mode === 'edit' ? updateRole(editing.role.id, values) : createRole(values)),
    onSuccess: () => {
      setEditing(null);
      message.success(t('common.saved'));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (role: Role) => deleteRole(role.id),
    onSuccess: () => {
      message.success(t('common.deleted'));
      refresh();
    },
  });
  const savePerms = useMutation({
    mutationFn: () => setRolePermissions(permRole!.id, selected),
    onSuccess: () => {
      setPermRole(null);
      message.success(t('common.saved'));
      refresh();
    },
  });

  const openEditor = (next: Editing) => {
    form.resetFields();
    if (next.mode === 'edit') form.setFieldsValue({ roleKey: next.role.roleKey, name: next.role.name, description: next.role.description });
    setEditing(next);
  };
  const openPerms = (role: Role) => {
    setSelected((role.permissions ?? []).filter((p) => p !== '*'));
    setPermRole(role);
  };

  const isAdmin = (role: Role | null) => role?.roleKey === ADMIN;
  const holdsAll = (role: Role | null) => !!role?.permissions?.includes('*');

  const columns: TableColumnsType<Role> = [
    { title: 'ID', dataIndex: 'id', width: 72 },
    {
      title: t('roles.roleKey'),
      dataIndex: 'roleKey',
      render: (v: string, r) => (
        <Space>
          <Typography.Text code>{v}</Typography.Text>
          {(r.isBuiltin || v === ADMIN) && <Tag>{t('roles.builtin')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.name'), dataIndex: 'name' },
    { title: t('roles.description'), dataIndex: 'description', render: (v) => v || '-' },
    {
      title: t('roles.permissions'),
      dataIndex: 'permissions',
      render: (perms: string[] | null) =>
        perms?.includes('*') ? <Tag color="gold">{t('roles.allPermissions')}</Tag> : <Tag>{t('roles.permCount', { count: perms?.length ?? 0 })}</Tag>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Auth perm={PERM}>
          <Space size={0}>
            <Button type="link" size="small" icon={<SafetyOutlined />} data-testid={`roles-perms-${r.id}`} onClick={() => openPerms(r)}>
              {t('roles.editPermissions')}
            </Button>
            <Button type="link" size="small" icon={<EditOutlined />} data-testid={`roles-edit-${r.id}`} onClick={() => openEditor({ mode: 'edit', role: r })}>
              {t('common.edit')}
            </Button>
            <Popconfirm destroyOnHidden title={t('common.confirmDelete')} onConfirm={() => remove.mutate(r)} okButtonProps={testId('popconfirm-ok')} disabled={isAdmin(r)}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={isAdmin(r)} data-testid={`roles-delete-${r.id}`}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        </Auth>
      ),
    },
  ];

  const locked = isAdmin(permRole) || holdsAll(permRole);

  return (
    <div data-testid="roles-page">
      <PageHeader
        title={t('roles.title')}
        extra={
          <Auth perm={PERM}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="roles-create" onClick={() => openEditor({ mode: 'create' })}>{t('roles.create')}</Button>
          </Auth>
        }
      />
      <Card>
        <Table<Role>
          rowKey="id"
          columns={columns}
          dataSource={roles.data}
          loading={roles.isFetching}
          onRow={rowTestId('roles')}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>

      <Modal
        open={!!editing}
        title={editing?.mode === 'edit' ? t('roles.edit') : t('roles.create')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okButtonProps={testId('role-form-submit')}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="role-form">
          <Form.Item
            name="roleKey"
            label={t('roles.roleKey')}
            rules={[
              { required: true, message: t('common.required', { field: t('roles.roleKey') }) },
              { pattern: /^[a-zA-Z][\w-]{1,31}$/, message: 'a-z, 0-9, _ -' },
            ]}
          >
            <Input disabled={editing?.mode === 'edit' && (editing.role.isBuiltin === true || editing.role.roleKey === ADMIN)} data-testid="role-form-key" />
          </Form.Item>
          <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, message: t('common.required', { field: t('roles.name') }) }]}>
            <Input data-testid="role-form-name" />
          </Form.Item>
          <Form.Item name="description" label={t('roles.description')}>
            <Input.TextArea rows={3} data-testid="role-form-description" />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer
        open={!!permRole}
        size={640}
        title={`${t('roles.editPermissions')}: ${permRole?.name ?? ''}`}
        onClose={() => setPermRole(null)}
        data-testid="role-perms-drawer"
        extra={
          <Space>
            <Button onClick={() => setPermRole(null)}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={locked} loading={savePerms.isPending} onClick={() => savePerms.mutate()} data-testid="role-perms-save">
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
    </div>
  );
}
