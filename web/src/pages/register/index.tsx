import { App, Form, Input } from 'antd';
import { LockOutlined, MailOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { register } from '../../api/auth';
import { AuthForm } from '../../components/auth-form';
import { requiredRule } from '../../components/form-rules';
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

  const submit = async ({ username, email, password }: RegisterForm) => {
    await register({ username: username.trim(), email: email.trim(), password });
    message.success(t('register.success'));
    navigate('/login', { replace: true });
  };

  return (
    <AuthForm<RegisterForm>
      name="register"
      title={t('register.title')}
      onSubmit={submit}
      submitText={t('register.submit')}
      footer={{ text: t('register.haveAccount'), link: t('register.toLogin'), to: '/login' }}
    >
      <Form.Item name="username" label={t('login.username')} rules={[requiredRule(t, t('login.username')), { min: 3, max: 32 }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" data-testid="register-username" />
      </Form.Item>
      <Form.Item name="email" label={t('register.email')} rules={[requiredRule(t, t('register.email')), { type: 'email', message: t('register.emailInvalid') }]}>
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
    </AuthForm>
  );
}
