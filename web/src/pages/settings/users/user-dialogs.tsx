import { Form, Input, Select, Switch } from 'antd';
import { isActiveStatus, type ManagedUser } from '../../../api/types';
import { createUser, resetUserPassword, updateUser, type UserInput } from '../../../api/users';
import { requiredRule } from '../../../components/form-rules';
import { passwordRules } from '../../../components/password-rules';
import { FormModal, type Editor } from '../../../components/resource/form-modal';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { useT } from '../../../i18n/preferences';

export type UserEditing = { mode: 'create' } | { mode: 'edit'; user: ManagedUser };
export type UserFormValues = UserInput & { active: boolean };
type RoleOption = { value: string; label: string };

/** The form's values for a user being edited (a new one starts enabled). */
export function userFormValues(user?: ManagedUser): Partial<UserFormValues> {
  if (!user) return { active: true };
  const { username, email, nickname, phone, roleKey, status } = user;
  return { username, email, nickname, phone, roleKey: roleKey ?? undefined, active: isActiveStatus(status) };
}

/** Create or edit a user; the username and the password are set once, at creation. */
export function UserFormModal({ editor, roleOptions, refresh }: { editor: Editor<UserEditing, UserFormValues>; roleOptions: RoleOption[]; refresh: () => unknown }) {
  const t = useT();
  const editing = editor.target;
  const save = useResourceMutation({
    mutationFn: async ({ active, ...values }: UserFormValues) => {
      const body: UserInput = { ...values, status: active ? 1 : 0 };
      if (editing?.mode !== 'edit') return createUser(body);
      delete body.username;
      delete body.password;
      return updateUser(editing.user.id, body);
    },
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });
  const roleInput = roleOptions.length ? <Select options={roleOptions} data-testid="user-form-role" /> : <Input data-testid="user-form-role" />;

  return (
    <FormModal
      form={editor.form}
      open={!!editing}
      title={editing?.mode === 'edit' ? t('users.edit') : t('users.create')}
      onClose={editor.close}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId="user-form"
    >
      <Form.Item name="username" label={t('users.username')} rules={[requiredRule(t, t('users.username')), { min: 3, max: 32 }]}>
        <Input disabled={editing?.mode === 'edit'} data-testid="user-form-username" />
      </Form.Item>
      {editing?.mode !== 'edit' && (
        <Form.Item name="password" label={t('users.password')} extra={t('password.hint')} rules={passwordRules(t, t('users.password'))}>
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
      )}
      <Form.Item name="email" label={t('users.email')} rules={[requiredRule(t, t('users.email')), { type: 'email', message: t('register.emailInvalid') }]}>
        <Input data-testid="user-form-email" />
      </Form.Item>
      <Form.Item name="nickname" label={t('users.nickname')}>
        <Input data-testid="user-form-nickname" />
      </Form.Item>
      <Form.Item name="phone" label={t('users.phone')}>
        <Input data-testid="user-form-phone" />
      </Form.Item>
      <Form.Item name="roleKey" label={t('users.role')} rules={[requiredRule(t, t('users.role'))]}>
        {roleInput}
      </Form.Item>
      <Form.Item name="active" label={t('common.status')} valuePropName="checked">
        <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} data-testid="user-form-status" />
      </Form.Item>
    </FormModal>
  );
}

/** Sets a new password for a user. */
export function ResetPasswordModal({ editor }: { editor: Editor<ManagedUser, { password: string }> }) {
  const t = useT();
  const user = editor.target;
  const reset = useResourceMutation({
    mutationFn: (password: string) => resetUserPassword(user!.id, password),
    success: t('users.passwordReset'),
    onSuccess: editor.close,
  });
  return (
    <FormModal
      form={editor.form}
      open={!!user}
      title={`${t('users.resetPassword')}: ${user?.username ?? ''}`}
      onClose={editor.close}
      onSubmit={({ password }) => reset.mutate(password)}
      pending={reset.isPending}
      testId="reset-form"
    >
      <Form.Item name="password" label={t('users.newPassword')} extra={t('password.hint')} rules={passwordRules(t, t('users.newPassword'))}>
        <Input.Password autoComplete="new-password" data-testid="reset-form-password" />
      </Form.Item>
    </FormModal>
  );
}
