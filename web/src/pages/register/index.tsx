import { useState } from 'react';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { register } from '../../api/auth';
import { AuthShell } from '../../components/auth-shell';
import { confirmRules, passwordRules } from '../../components/password-rules';
import { useT } from '../../i18n/preferences';

interface RegisterForm {
  username: string;
  email: string;
  password: string;
  confirm: string;
}

export default function RegisterPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async ({ username, email, password }: RegisterForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await register({ username: username.trim(), email: email.trim(), password });
      message.success(t('register.success'));
      navigate('/login', { replace: true });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthShell title={t('register.title')} testId="register-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="register-error" />}
      <Form layout="vertical" size="large" onFinish={submit} requiredMark={false} data-testid="register-form">
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required', { field: t('login.username') }) }, { min: 3, max: 32 }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="register-username" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('register.email')}
          rules={[{ required: true, message: t('common.required', { field: t('register.email') }) }, { type: 'email', message: t('register.emailInvalid') }]}
        >
          <Input prefix={<MailOutlined />} autoComplete="email" data-testid="register-email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          extra={<span data-testid="register-password-hint">{t('password.hint')}</span>}
          rules={passwordRules(t, t('login.password'))}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('register.confirmPassword')} dependencies={['password']} rules={confirmRules(t, 'password', t('register.confirmPassword'))}>
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="register-submit">{t('register.submit')}</Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('register.haveAccount')} <Link to="/login" data-testid="register-login-link">{t('register.toLogin')}</Link>
      </Typography.Paragraph>
    </AuthShell>
  );
}
