import { useState } from 'react';
import { Card, Form, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { createRole, deleteRole, listRoles, updateRole, type RoleInput } from '../../../api/roles';
import type { Role } from '../../../api/types';
import { ME_QUERY_KEY } from '../../../auth/session-hooks';
import { requiredRule } from '../../../components/form-rules';
import { PageHeader } from '../../../components/page-header';
import { CreateButton, RowAction } from '../../../components/resource/actions';
import { FormModal, useEditor } from '../../../components/resource/form-modal';
import { ResourceTable } from '../../../components/resource/resource-table';
import { useInvalidate, useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { PermissionsDrawer } from './permissions-drawer';

const PERM = 'system:roles';
const ADMIN = 'admin';
const ROLES_KEY = ['settings', 'roles'];

type Editing = { mode: 'create' } | { mode: 'edit'; role: Role };

const isAdmin = (role: Role | null) => role?.roleKey === ADMIN;
const holdsAll = (role: Role | null) => !!role?.permissions?.includes('*');

export default function RolesPage() {
  const t = useT();
  const editor = useEditor<Editing, RoleInput>();
  const [permRole, setPermRole] = useState<Role | null>(null);
  const roles = useQuery({ queryKey: ROLES_KEY, queryFn: () => listRoles() });
  // A role's permissions are the signed-in user's too when it is their role.
  const refresh = useInvalidate(ROLES_KEY, ME_QUERY_KEY);

  const editing = editor.target;
  const save = useResourceMutation({
    mutationFn: (values: RoleInput) => (editing?.mode === 'edit' ? updateRole(editing.role.id, values) : createRole(values)),
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });
  const remove = useResourceMutation({ mutationFn: (role: Role) => deleteRole(role.id), success: t('common.deleted'), refresh });

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
  ];

  return (
    <div data-testid="roles-page">
      <PageHeader
        title={t('roles.title')}
        extra={<CreateButton perm={PERM} testId="roles-create" onClick={() => editor.open({ mode: 'create' })}>{t('roles.create')}</CreateButton>}
      />
      <Card>
        <ResourceTable<Role>
          source={{ records: roles.data, query: roles }}
          name="roles"
          columns={columns}
          actionsPerm={PERM}
          actions={(r) => (
            <>
              <RowAction icon={<SafetyOutlined />} testId={`roles-perms-${r.id}`} onClick={() => setPermRole(r)}>
                {t('roles.editPermissions')}
              </RowAction>
              <RowAction
                icon={<EditOutlined />}
                testId={`roles-edit-${r.id}`}
                onClick={() => editor.open({ mode: 'edit', role: r }, { roleKey: r.roleKey, name: r.name, description: r.description })}
              >
                {t('common.edit')}
              </RowAction>
              <RowAction danger icon={<DeleteOutlined />} disabled={isAdmin(r)} testId={`roles-delete-${r.id}`} confirm={t('common.confirmDelete')} onClick={() => remove.mutate(r)}>
                {t('common.delete')}
              </RowAction>
            </>
          )}
        />
      </Card>

      <FormModal
        form={editor.form}
        open={!!editing}
        title={editing?.mode === 'edit' ? t('roles.edit') : t('roles.create')}
        onClose={editor.close}
        onSubmit={(values) => save.mutate(values)}
        pending={save.isPending}
        testId="role-form"
      >
        <Form.Item name="roleKey" label={t('roles.roleKey')} rules={[requiredRule(t, t('roles.roleKey')), { pattern: /^[a-zA-Z][\w-]{1,31}$/, message: 'a-z, 0-9, _ -' }]}>
          <Input disabled={editing?.mode === 'edit' && (editing.role.isBuiltin === true || isAdmin(editing.role))} data-testid="role-form-key" />
        </Form.Item>
        <Form.Item name="name" label={t('roles.name')} rules={[requiredRule(t, t('roles.name'))]}>
          <Input data-testid="role-form-name" />
        </Form.Item>
        <Form.Item name="description" label={t('roles.description')}>
          <Input.TextArea rows={3} data-testid="role-form-description" />
        </Form.Item>
      </FormModal>

      <PermissionsDrawer role={permRole} locked={isAdmin(permRole) || holdsAll(permRole)} onClose={() => setPermRole(null)} refresh={refresh} />
    </div>
  );
}
