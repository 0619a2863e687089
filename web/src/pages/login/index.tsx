import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { fetchCaptcha, login } from '../../api/auth';
import type { Captcha } from '../../api/types';
import { safeRedirect } from '../../auth/guards';
import { AuthShell } from '../../components/auth-shell';
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
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

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
    setSubmitting(true);
    setError(null);
    try {
      await login({ username: values.username.trim(), password: values.password, captcha: values.captcha?.trim() ?? '', key: captcha?.key ?? '' });
      queryClient.clear();
      navigate(safeRedirect(params.get('redirect')), { replace: true });
    } catch (err) {
      setError((err as Error).message);
      void refreshCaptcha();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthShell title={t('login.title')} testId="login-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false} autoComplete="on" data-testid="login-form">
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required', { field: t('login.username') }) }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Form.Item label={t('login.captcha')} required={!!captcha}>
          <Flex gap={8}>
            <Form.Item
              name="captcha"
              noStyle
              rules={[{ required: !!captcha, message: t('common.required', { field: t('login.captcha') }) }]}
            >
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
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">{t('login.submit')}</Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('login.noAccount')} <Link to="/register" data-testid="login-register-link">{t('login.toRegister')}</Link>
      </Typography.Paragraph>
    </AuthShell>
  );
}
