import { useCallback, useEffect, useState } from 'react';
import { Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { fetchCaptcha, login } from '../../api/auth';
import type { Captcha } from '../../api/types';
import { safeRedirect } from '../../auth/guards';
import { AuthForm } from '../../components/auth-form';
import { requiredRule } from '../../components/form-rules';
import { useT } from '../../i18n/preferences';

interface LoginForm {
  username: string;
  password: string;
  captcha: string;
}

export default function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginForm>();
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [captchaFailed, setCaptchaFailed] = useState(false);

  const refreshCaptcha = useCallback(async () => {
    try {
      setCaptcha(await fetchCaptcha());
      setCaptchaFailed(false);
    } catch {
      setCaptcha(null);
      setCaptchaFailed(true);
    }
    form.setFieldValue('captcha', '');
  }, [form]);

  useEffect(() => {
    void refreshCaptcha();
  }, [refreshCaptcha]);

  const submit = async (values: LoginForm) => {
    await login({ username: values.username.trim(), password: values.password, captcha: values.captcha?.trim() ?? '', key: captcha?.key ?? '' });
    queryClient.clear();
    navigate(safeRedirect(params.get('redirect')), { replace: true });
  };

  return (
    <AuthForm<LoginForm>
      name="login"
      title={t('login.title')}
      form={form}
      onSubmit={submit}
      // A captcha is good for one attempt.
      onFailure={() => void refreshCaptcha()}
      submitText={t('login.submit')}
      footer={{ text: t('login.noAccount'), link: t('login.toRegister'), to: '/register' }}
      autoComplete="on"
    >
      <Form.Item name="username" label={t('login.username')} rules={[requiredRule(t, t('login.username'))]}>
        <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[requiredRule(t, t('login.password'))]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      {/* With AUTH_CAPTCHA=off the server says so, and login ignores the captcha: no field to fill. */}
      {captcha?.required !== false && <Form.Item label={t('login.captcha')} required={!!captcha}>
        <Flex gap={8}>
          <Form.Item name="captcha" noStyle rules={[{ required: !!captcha, message: t('common.required', { field: t('login.captcha') }) }]}>
            <Input prefix={<SafetyCertificateOutlined />} maxLength={8} autoComplete="off" data-testid="login-captcha-input" />
          </Form.Item>
          {captcha ? (
            <img
              className="captcha-image"
              src={captcha.image}
              alt={t('login.captcha')}
              title={t('login.captchaRefresh')}
              data-testid="login-captcha-image"
              onClick={() => void refreshCaptcha()}
            />
          ) : (
            <div className="captcha-image" role="button" data-testid="login-captcha-image" onClick={() => void refreshCaptcha()} title={t('login.captchaRefresh')}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{captchaFailed ? t('login.captchaUnavailable') : '…'}</Typography.Text>
            </div>
          )}
        </Flex>
      </Form.Item>}
    </AuthForm>
  );
}
