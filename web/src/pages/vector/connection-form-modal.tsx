import { Alert, Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { createConnection, updateConnection, type ConnectionInput, type SourceConnection, type SourceType } from '../../api/vectors';
import { requiredRule } from '../../components/form-rules';
import { FormModal, type Editor } from '../../components/resource/form-modal';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../components/test-ids';
import { useT } from '../../i18n/preferences';

export type ConnectionEditing = { mode: 'create' } | { mode: 'edit'; connection: SourceConnection };
export interface ConnectionFormValues {
  name: string;
  type: SourceType;
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
  /** Edit only: remove the saved password (an empty password is "keep it"). */
  clearPassword?: boolean;
}

const DEFAULT_PORTS: Record<SourceType, number> = { mysql: 3306, postgres: 5432 };

export function connectionFormValues(c?: SourceConnection): Partial<ConnectionFormValues> {
  if (!c) return { type: 'mysql', port: DEFAULT_PORTS.mysql, host: '127.0.0.1' };
  const { name, type, host, port, database, username } = c;
  return { name, type, host, port, database, username, password: '', clearPassword: false };
}

/** The body of a save: the password only when one was typed (or its removal asked for) — it is write-only. */
export function connectionInput(values: ConnectionFormValues, editing: boolean): ConnectionInput {
  const { clearPassword, password, ...rest } = values;
  const input: ConnectionInput = { ...rest, name: rest.name.trim(), host: rest.host.trim() };
  if (password) input.password = password;
  else if (!editing || clearPassword) input.password = '';
  return input;
}

/** Create or edit a source connection. The saved password is never shown: blank keeps it. */
export function ConnectionFormModal({ editor, refresh }: { editor: Editor<ConnectionEditing, ConnectionFormValues>; refresh: () => unknown }) {
  const t = useT();
  const editing = editor.target;
  const isEdit = editing?.mode === 'edit';
  const save = useResourceMutation({
    mutationFn: (values: ConnectionFormValues) => {
      const input = connectionInput(values, isEdit);
      return editing?.mode === 'edit' ? updateConnection(editing.connection.id, input) : createConnection(input);
    },
    success: t('common.saved'),
    onSuccess: editor.close,
    refresh,
  });
  const field = (name: string) => ({ 'data-testid': VECTOR_IDS.connField(name) });

  return (
    <FormModal
      form={editor.form}
      open={!!editing}
      width={560}
      title={isEdit ? t('vector.conn.edit') : t('vector.conn.create')}
      onClose={editor.close}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId={VECTOR_IDS.connForm}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('vector.conn.readOnlyHint')} />
      <Form.Item name="name" label={t('vector.conn.name')} rules={[requiredRule(t, t('vector.conn.name')), { max: 64 }, { whitespace: true }]}>
        <Input {...field('name')} />
      </Form.Item>
      <Form.Item name="type" label={t('vector.conn.type')} rules={[requiredRule(t, t('vector.conn.type'))]}>
        <Select
          {...field('type')}
          options={[
            { value: 'mysql', label: t('vector.conn.type.mysql') },
            { value: 'postgres', label: t('vector.conn.type.postgres') },
          ]}
          onChange={(type: SourceType) => {
            // Follow the type with its usual port unless the user chose another one.
            const port = editor.form.getFieldValue('port');
            if (!port || Object.values(DEFAULT_PORTS).includes(port)) editor.form.setFieldValue('port', DEFAULT_PORTS[type]);
          }}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={16}>
          <Form.Item name="host" label={t('vector.conn.host')} rules={[requiredRule(t, t('vector.conn.host')), { pattern: /^[^\s/]+$/, message: t('vector.conn.host') }]}>
            <Input {...field('host')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="port" label={t('vector.conn.port')} rules={[requiredRule(t, t('vector.conn.port'))]}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: '100%' }} {...field('port')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="database" label={t('vector.conn.database')} rules={[requiredRule(t, t('vector.conn.database')), { max: 128 }]}>
        <Input {...field('database')} />
      </Form.Item>
      <Form.Item name="username" label={t('vector.conn.username')} rules={[requiredRule(t, t('vector.conn.username')), { max: 128 }]}>
        <Input autoComplete="off" {...field('username')} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('vector.conn.password')}
        extra={isEdit ? t('vector.conn.passwordKeep') : undefined}
        rules={[{ max: 512 }]}
      >
        <Input.Password autoComplete="new-password" placeholder={isEdit && editing.connection.hasPassword ? '••••••••' : undefined} {...field('password')} />
      </Form.Item>
      {isEdit && editing.connection.hasPassword && (
        <Form.Item name="clearPassword" valuePropName="checked">
          <Checkbox {...field('clear-password')}>{t('vector.conn.clearPassword')}</Checkbox>
        </Form.Item>
      )}
    </FormModal>
  );
}
