import { useState } from 'react';
import {
  App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, type TableColumnsType,
} from 'antd';
import { DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listRoles } from '../../../api/roles';
import { isActiveStatus, type ManagedUser } from '../../../api/types';
import {
  createUser, deleteUser, listUsers, resetUserPassword, setUserStatus, updateUser, type UserInput, type UserQuery,
} from '../../../api/users';
import { Auth } from '../../../auth/auth';
import { usePermission } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { passwordRules } from '../../../components/password-rules';
import { rowTestId, testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { SearchActions } from '../../../components/search-actions';

const PERM = 'system:users';
type Filters = Pick<UserQuery, 'username' | 'status' | 'roleKey'>;
type Editing = { mode: 'create' } | { mode: 'edit'; user: ManagedUser };

export default function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { has } = usePermission();
  const [paging, setPaging] = useState({ current: 1, size: 10 });
  const [filters, setFilters] = useState<Filters>({});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [resetting, setResetting] = useState<ManagedUser | null>(null);
  const [searchForm] = Form.useForm<Filters>();
  const [form] = Form.useForm<UserInput & { active: boolean }>();
  const [resetForm] = Form.useForm<{ password: string }>();

  const query = { ...paging, ...filters };
  const users = useQuery({ queryKey: ['settings', 'users', query], queryFn: () => listUsers(query), placeholderData: keepPreviousData });
  // Role names for the select; a user manager without system:roles just types the key.
  const roles = useQuery({ queryKey: ['settings', 'roles'], queryFn: () => listRoles({ silent: true }), enabled: has('system:roles'), retry: false });
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.roleKey, label: `${r.name} (${r.roleKey})` }));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['settings', 'users'] });
  const done = (text: string) => () => {
    message.success(text);
    void refresh();
  };

  const save = useMutation({
    mutationFn: async ({ active, ...values }: UserInput & { active: boolean }) => {
      const body: UserInput = { ...values, status: active ? 1 : 0 };
      if (editing?.mode === 'edit') {
        delete body.username;
        delete body.password;
        return updateUser(editing.user.id, body);
      }
      return createUser(body);
    },
    onSuccess: () => {
      setEditing(null);
      done(t('common.saved'))();
    },
  });
  const toggle = useMutation({ mutationFn: (u: ManagedUser) => setUserStatus(u.id, isActiveStatus(u.status) ? 0 : 1), onSuccess: done(t('users.statusChanged')) });
  const remove = useMutation({ mutationFn: (u: ManagedUser) => deleteUser(u.id), onSuccess: done(t('common.deleted')) });
  const reset = useMutation({
    mutationFn: (password: string) => resetUserPassword(resetting!.id, password),
    onSuccess: () => {
      setResetting(null);
      message.success(t('users.passwordReset'));
    },
  });

  const openEditor = (next: Editing) => {
    form.resetFields();
    if (next.mode === 'edit') {
      const { username, email, nickname, phone, roleKey, status } = next.user;
      form.setFieldsValue({ username, email, nickname, phone, roleKey: roleKey ?? undefined, active: isActiveStatus(status) });
    } else {
      form.setFieldsValue({ active: true });
    }
    setEditing(next);
  };

  const columns: TableColumnsType<ManagedUser> = [
    { title: 'ID', dataIndex: 'id', width: 72 },
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.nickname'), dataIndex: 'nickname', render: (v) => v || '-' },
    { title: t('users.email'), dataIndex: 'email', render: (v) => v || '-' },
    { title: t('users.phone'), dataIndex: 'phone', render: (v) => v || '-' },
    { title: t('users.role'), dataIndex: 'roleKey', render: (v, u) => <Tag color="blue">{v || u.role || '-'}</Tag> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, u) => (
        <Auth perm={PERM} fallback={isActiveStatus(u.status) ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>}>
          <Popconfirm destroyOnHidden
            title={t('users.confirmDisable')}
            disabled={!isActiveStatus(u.status)}
            onConfirm={() => toggle.mutate(u)}
            okButtonProps={testId('popconfirm-ok')}
          >
            <Switch
              size="small"
              checked={isActiveStatus(u.status)}
              checkedChildren={t('common.enabled')}
              unCheckedChildren={t('common.disabled')}
              data-testid={`users-status-${u.id}`}
              onClick={() => !isActiveStatus(u.status) && toggle.mutate(u)}
            />
          </Popconfirm>
        </Auth>
      ),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginTime', render: formatTime },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, u) => (
        <Auth perm={PERM}>
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} data-testid={`users-edit-${u.id}`} onClick={() => openEditor({ mode: 'edit', user: u })}>
              {t('common.edit')}
            </Button>
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              data-testid={`users-reset-${u.id}`}
              onClick={() => {
                resetForm.resetFields();
                setResetting(u);
              }}
            >
              {t('users.resetPassword')}
            </Button>
            <Popconfirm destroyOnHidden title={t('common.confirmDelete')} onConfirm={() => remove.mutate(u)} okButtonProps={testId('popconfirm-ok')}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`users-delete-${u.id}`}>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        </Auth>
      ),
    },
  ];

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        extra={
          <Auth perm={PERM}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="users-create" onClick={() => openEditor({ mode: 'create' })}>
              {t('users.create')}
            </Button>
          </Auth>
        }
      />
      <Card>
        <Form
          form={searchForm}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(values) => {
            setFilters(values);
            setPaging((p) => ({ ...p, current: 1 }));
          }}
          data-testid="users-search"
        >
          <Form.Item name="username" label={t('users.username')}>
            <Input allowClear data-testid="users-search-username" />
          </Form.Item>
          <Form.Item name="status" label={t('common.status')}>
            <Select
              allowClear
              style={{ width: 120 }}
              data-testid="users-search-status"
              options={[{ value: 1, label: t('common.enabled') }, { value: 0, label: t('common.disabled') }]}
            />
          </Form.Item>
          <Form.Item name="roleKey" label={t('users.role')}>
            {roleOptions.length ? <Select allowClear style={{ width: 180 }} options={roleOptions} /> : <Input allowClear style={{ width: 140 }} />}
          </Form.Item>
          <SearchActions
            testId="users-search-submit"
            onReset={() => {
              searchForm.resetFields();
              setFilters({});
              setPaging((p) => ({ ...p, current: 1 }));
            }}
          />
        </Form>
        <Table<ManagedUser>
          rowKey="id"
          columns={columns}
          dataSource={users.data?.records}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          onRow={rowTestId('users')}
          data-testid="users-table"
          pagination={{
            current: paging.current,
            pageSize: paging.size,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPaging({ current, size }),
          }}
        />
      </Card>

      <Modal
        open={!!editing}
        title={editing?.mode === 'edit' ? t('users.edit') : t('users.create')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okButtonProps={testId('user-form-submit')}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="user-form">
          <Form.Item name="username" label={t('users.username')} rules={[{ required: true, message: t('common.required', { field: t('users.username') }) }, { min: 3, max: 32 }]}>
            <Input disabled={editing?.mode === 'edit'} data-testid="user-form-username" />
          </Form.Item>
          {editing?.mode !== 'edit' && (
            <Form.Item name="password" label={t('users.password')} extra={t('password.hint')} rules={passwordRules(t, t('users.password'))}>
              <Input.Password autoComplete="new-password" data-testid="user-form-password" />
            </Form.Item>
          )}
          <Form.Item name="email" label={t('users.email')} rules={[{ required: true, message: t('common.required', { field: t('users.email') }) }, { type: 'email', message: t('register.emailInvalid') }]}>
            <Input data-testid="user-form-email" />
          </Form.Item>
          <Form.Item name="nickname" label={t('users.nickname')}>
            <Input data-testid="user-form-nickname" />
          </Form.Item>
          <Form.Item name="phone" label={t('users.phone')}>
            <Input data-testid="user-form-phone" />
          </Form.Item>
          <Form.Item name="roleKey" label={t('users.role')} rules={[{ required: true, message: t('common.required', { field: t('users.role') }) }]}>
            {roleOptions.length ? <Select options={roleOptions} data-testid="user-form-role" /> : <Input data-testid="user-form-role" />}
          </Form.Item>
          <Form.Item name="active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} data-testid="user-form-status" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!resetting}
        title={`${t('users.resetPassword')}: ${resetting?.username ?? ''}`}
        onCancel={() => setResetting(null)}
        onOk={() => resetForm.submit()}
        confirmLoading={reset.isPending}
        okButtonProps={testId('reset-form-submit')}
        forceRender
      >
        <Form form={resetForm} layout="vertical" onFinish={({ password }) => reset.mutate(password)}>
          <Form.Item name="password" label={t('users.newPassword')} extra={t('password.hint')} rules={passwordRules(t, t('users.newPassword'))}>
            <Input.Password autoComplete="new-password" data-testid="reset-form-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
