import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Flex, Form, Typography, type FormInstance } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/preferences';
import { LocaleSwitch } from './locale-switch';

interface AuthFormProps<V> {
  /** `login` or `register`: names the test ids (`<name>-page`, `-form`, `-error`, `-submit`, `-<to>-link`). */
  name: string;
  title: string;
  form?: FormInstance<V>;
  /** Sends the form; its error's message is shown above the form. */
  onSubmit: (values: V) => Promise<void>;
  /** After a failed submit (a new captcha). */
  onFailure?: () => void;
  submitText: string;
  /** The line under the form: a question and a link to the other page. */
  footer: { text: string; link: string; to: string };
  autoComplete?: string;
  children: ReactNode;
}

/** The login and register pages: the product's card with the language switch, the form and its error. */
export function AuthForm<V>({ name, title, form, onSubmit, onFailure, submitText, footer, autoComplete, children }: AuthFormProps<V>) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: V) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (err) {
      setError((err as Error).message);
      onFailure?.();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="auth-page">
      <Card className="auth-card" data-testid={`${name}-page`}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Flex align="center" gap={10}>
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <Typography.Title level={4} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
          </Flex>
          <LocaleSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        <Typography.Title level={3} style={{ marginTop: 8 }}>{title}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={`${name}-error`} />}
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false} autoComplete={autoComplete} data-testid={`${name}-form`}>
          {children}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid={`${name}-submit`}>{submitText}</Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          {footer.text} <Link to={footer.to} data-testid={`${name}-${footer.to.slice(1)}-link`}>{footer.link}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
