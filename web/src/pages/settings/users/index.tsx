import { Card, Form, Input, Popconfirm, Select, Switch, Tag, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, KeyOutlined } from '@ant-design/icons';
import { isActiveStatus, type ManagedUser } from '../../../api/types';
import { deleteUser, listUsers, setUserStatus, type UserQuery } from '../../../api/users';
import { Auth } from '../../../auth/auth';
import { PageHeader } from '../../../components/page-header';
import { CreateButton, RowAction } from '../../../components/resource/actions';
import { useEditor } from '../../../components/resource/form-modal';
import { ResourceTable } from '../../../components/resource/resource-table';
import { usePagedList } from '../../../components/resource/use-paged-list';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { SearchForm } from '../../../components/search-form';
import { testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { useRoleOptions } from '../use-role-options';
import { ResetPasswordModal, UserFormModal, userFormValues, type UserEditing, type UserFormValues } from './user-dialogs';

const PERM = 'system:users';
type Filters = Pick<UserQuery, 'username' | 'status' | 'roleKey'>;

export default function UsersPage() {
  const t = useT();
  const users = usePagedList<ManagedUser, Filters>({ key: ['settings', 'users'], fetch: (params) => listUsers(params) });
  const roleOptions = useRoleOptions();
  const editor = useEditor<UserEditing, UserFormValues>();
  const resetter = useEditor<ManagedUser, { password: string }>();
  const [searchForm] = Form.useForm<Filters>();

  const toggle = useResourceMutation({
    mutationFn: (u: ManagedUser) => setUserStatus(u.id, isActiveStatus(u.status) ? 0 : 1),
    success: t('users.statusChanged'),
    refresh: users.refresh,
  });
  const remove = useResourceMutation({
    mutationFn: (u: ManagedUser) => deleteUser(u.id),
    success: t('common.deleted'),
    onSuccess: () => users.afterRemove(),
    refresh: users.refresh,
  });

  const statusTag = (u: ManagedUser) => (isActiveStatus(u.status) ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>);
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
      // Enabling is one click; disabling asks first.
      render: (_, u) => (
        <Auth perm={PERM} fallback={statusTag(u)}>
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
  ];

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        extra={<CreateButton perm={PERM} testId="users-create" onClick={() => editor.open({ mode: 'create' }, userFormValues())}>{t('users.create')}</CreateButton>}
      />
      <Card>
        <SearchForm form={searchForm} name="users" onSearch={users.setFilters}>
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
        </SearchForm>
        <ResourceTable<ManagedUser>
          source={users}
          name="users"
          columns={columns}
          data-testid="users-table"
          actionsPerm={PERM}
          actions={(u) => (
            <>
              <RowAction icon={<EditOutlined />} testId={`users-edit-${u.id}`} onClick={() => editor.open({ mode: 'edit', user: u }, userFormValues(u))}>
                {t('common.edit')}
              </RowAction>
              <RowAction icon={<KeyOutlined />} testId={`users-reset-${u.id}`} onClick={() => resetter.open(u)}>
                {t('users.resetPassword')}
              </RowAction>
              <RowAction danger icon={<DeleteOutlined />} testId={`users-delete-${u.id}`} confirm={t('common.confirmDelete')} onClick={() => remove.mutate(u)}>
                {t('common.delete')}
              </RowAction>
            </>
          )}
        />
      </Card>
      <UserFormModal editor={editor} roleOptions={roleOptions} refresh={users.refresh} />
      <ResetPasswordModal editor={resetter} />
    </div>
  );
}
