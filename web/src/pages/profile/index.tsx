import { useEffect } from 'react';
import { App, Avatar, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Tag } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { logout } from '../../api/auth';
import { changePassword, fetchProfile, updateProfile, type ProfileInput } from '../../api/profile';
import { isActiveStatus } from '../../api/types';
import { ME_QUERY_KEY } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { PageLoading } from '../../components/page-loading';
import { confirmRules, passwordRules } from '../../components/password-rules';
import { useT } from '../../i18n/preferences';

const PROFILE_KEY = ['profile'] as const;

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ProfilePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: PROFILE_KEY, queryFn: fetchProfile });
  const [form] = Form.useForm<ProfileInput>();
  const [pwdForm] = Form.useForm<PasswordForm>();
  const avatar = Form.useWatch('avatar', form);

  useEffect(() => {
    if (profile.data) {
      const { nickname, email, phone, gender, age, avatar: a } = profile.data;
      form.setFieldsValue({ nickname, email, phone, gender, age, avatar: a });
    }
  }, [profile.data, form]);

  const save = useMutation({
    mutationFn: (values: ProfileInput) => updateProfile(values),
    onSuccess: () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });

  const password = useMutation({
    mutationFn: (values: PasswordForm) => changePassword(values.oldPassword, values.newPassword),
    onSuccess: async () => {
      message.success(t('profile.passwordChanged'));
      await logout();
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });

  if (profile.isPending) return <PageLoading />;
  const user = profile.data;

  return (
    <div data-testid="profile-page">
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('profile.basic')}>
            <Space orientation="vertical" align="center" style={{ width: '100%', marginBottom: 16 }}>
              <Avatar size={72} src={user?.avatar || undefined} icon={<UserOutlined />} />
            </Space>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'username', label: t('profile.username'), children: <span data-testid="profile-username">{user?.username}</span> },
                { key: 'nickname', label: t('profile.nickname'), children: user?.nickname || '-' },
                { key: 'role', label: t('profile.role'), children: <Tag color="blue">{user?.roleKey || user?.role || '-'}</Tag> },
                { key: 'email', label: t('profile.email'), children: user?.email || '-' },
                { key: 'phone', label: t('profile.phone'), children: user?.phone || '-' },
                {
                  key: 'status',
                  label: t('common.status'),
                  children: isActiveStatus(user?.status) ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>,
                },
                {
                  key: 'permissions',
                  label: t('profile.permissions'),
                  children: <Space size={[4, 4]} wrap>{(user?.permissions ?? []).map((p) => <Tag key={p}>{p}</Tag>)}</Space>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('profile.edit')}>
              <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="profile-form">
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name="nickname" label={t('profile.nickname')} rules={[{ max: 64 }]}>
                      <Input data-testid="profile-nickname" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="email" label={t('profile.email')} rules={[{ type: 'email', message: t('register.emailInvalid') }]}>
                      <Input data-testid="profile-email" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="phone" label={t('profile.phone')} rules={[{ max: 32 }]}>
                      <Input data-testid="profile-phone" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="gender" label={t('profile.gender')}>
                      <Select
                        allowClear
                        data-testid="profile-gender"
                        options={(['male', 'female', 'other'] as const).map((g) => ({ value: g, label: t(`profile.gender.${g}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="age" label={t('profile.age')}>
                      <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} data-testid="profile-age" />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item name="avatar" label={t('profile.avatar')} rules={[{ max: 512 }]}>
                      <Input data-testid="profile-avatar" prefix={<Avatar size="small" src={avatar || undefined} icon={<UserOutlined />} />} />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="profile-save">{t('common.save')}</Button>
              </Form>
            </Card>
            <Card title={t('profile.password')}>
              <Form form={pwdForm} layout="vertical" onFinish={(values) => password.mutate(values)} data-testid="password-form" style={{ maxWidth: 420 }}>
                <Form.Item name="oldPassword" label={t('profile.oldPassword')} rules={[{ required: true, message: t('common.required', { field: t('profile.oldPassword') }) }]}>
                  <Input.Password autoComplete="current-password" data-testid="password-old" />
                </Form.Item>
                <Form.Item name="newPassword" label={t('profile.newPassword')} extra={t('password.hint')} rules={passwordRules(t, t('profile.newPassword'))}>
                  <Input.Password autoComplete="new-password" data-testid="password-new" />
                </Form.Item>
                <Form.Item name="confirm" label={t('profile.confirmPassword')} dependencies={['newPassword']} rules={confirmRules(t, 'newPassword', t('profile.confirmPassword'))}>
                  <Input.Password autoComplete="new-password" data-testid="password-confirm" />
                </Form.Item>
                <Button type="primary" danger htmlType="submit" loading={password.isPending} data-testid="password-submit">{t('profile.password')}</Button>
              </Form>
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
