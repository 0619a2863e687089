import { useState } from 'react';
import { Button, Flex, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ApiOutlined, CheckCircleOutlined, CloseCircleOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { deleteConnection, listConnections, testConnection, type ConnectionTestResult, type SourceConnection } from '../../api/vectors';
import { CreateButton, RefreshButton, RowAction } from '../../components/resource/actions';
import { useEditor } from '../../components/resource/form-modal';
import { ResourceTable } from '../../components/resource/resource-table';
import { usePagedList } from '../../components/resource/use-paged-list';
import { useInvalidate, useResourceMutation } from '../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../components/test-ids';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { ConnectionFormModal, connectionFormValues, type ConnectionEditing, type ConnectionFormValues } from './connection-form-modal';
import { CONNECTIONS_KEY, VECTOR_PERM, WIZARD_KEY } from './keys';
import { failureText } from './failure-text';


type TestOutcome = { ok: true; result: ConnectionTestResult } | { ok: false; reason: string };

/** What the last Test of a connection said: the server's version and the time, or the driver's reason. */
function TestResult({ id, outcome }: { id: number; outcome: TestOutcome | undefined }) {
  const t = useT();
  if (!outcome) return null;
  const common = { 'data-testid': VECTOR_IDS.connTestResult(id), 'data-ok': String(outcome.ok) };
  if (outcome.ok) {
    const text = t('vector.conn.testOk', { version: outcome.result.version ?? '-', ms: outcome.result.tookMs });
    return <Tag color="success" icon={<CheckCircleOutlined />} {...common} style={{ whiteSpace: 'normal' }}>{text}</Tag>;
  }
  return (
    <Tooltip title={outcome.reason}>
      <Tag color="error" icon={<CloseCircleOutlined />} {...common} style={{ whiteSpace: 'normal', maxWidth: 360 }}>
        {outcome.reason}
      </Tag>
    </Tooltip>
  );
}

/** The source databases collections read from: create, edit (write-only password), delete and test. */
export function ConnectionsTab() {
  const t = useT();
  const connections = usePagedList<SourceConnection>({ key: CONNECTIONS_KEY, fetch: (params, signal) => listConnections(params, signal) });
  const refreshAll = useInvalidate(CONNECTIONS_KEY, WIZARD_KEY);
  const editor = useEditor<ConnectionEditing, ConnectionFormValues>();
  const [outcomes, setOutcomes] = useState<Record<number, TestOutcome>>({});

  const test = useMutation({
    mutationFn: (c: SourceConnection) => testConnection(c.id),
    onMutate: (c) => setOutcomes(({ [c.id]: _, ...rest }) => rest),
    onSuccess: (result, c) => setOutcomes((o) => ({ ...o, [c.id]: { ok: true, result } })),
    onError: (error, c) => setOutcomes((o) => ({ ...o, [c.id]: { ok: false, reason: failureText(error) } })),
  });
  const remove = useResourceMutation({
    mutationFn: (c: SourceConnection) => deleteConnection(c.id),
    success: t('common.deleted'),
    onSuccess: () => connections.afterRemove(),
    refresh: refreshAll,
  });

  const columns: TableColumnsType<SourceConnection> = [
    { title: 'ID', dataIndex: 'id', width: 64 },
    { title: t('vector.conn.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('vector.conn.type'), dataIndex: 'type', render: (v: string) => <Tag>{v === 'postgres' ? t('vector.conn.type.postgres') : t('vector.conn.type.mysql')}</Tag> },
    { title: t('vector.conn.address'), key: 'address', render: (_, c) => <Typography.Text code>{`${c.host}:${c.port}`}</Typography.Text> },
    { title: t('vector.conn.database'), dataIndex: 'database' },
    { title: t('vector.conn.username'), dataIndex: 'username' },
    {
      title: t('vector.conn.password'),
      dataIndex: 'hasPassword',
      render: (v: boolean) => (v ? <Tag color="blue">{t('vector.conn.passwordSaved')}</Tag> : <Tag>{t('vector.conn.passwordNone')}</Tag>),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
    { title: '', key: 'test-result', render: (_, c) => <TestResult id={c.id} outcome={outcomes[c.id]} /> },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <CreateButton perm={VECTOR_PERM} testId={VECTOR_IDS.connCreate} onClick={() => editor.open({ mode: 'create' }, connectionFormValues())}>
          {t('vector.conn.create')}
        </CreateButton>
        <RefreshButton onClick={refreshAll} loading={connections.query.isFetching && !connections.query.isLoading} testId="vector-conn-refresh" />
      </Flex>
      <ResourceTable<SourceConnection>
        source={connections}
        name={VECTOR_IDS.connTable}
        columns={columns}
        emptyText={t('vector.conn.empty')}
        actionsPerm={VECTOR_PERM}
        actions={(c) => (
          <>
            <Button
              type="link"
              size="small"
              icon={<ApiOutlined />}
              loading={test.isPending && test.variables?.id === c.id}
              onClick={() => test.mutate(c)}
              data-testid={VECTOR_IDS.connTest(c.id)}
            >
              {t('vector.conn.test')}
            </Button>
            <RowAction icon={<EditOutlined />} testId={VECTOR_IDS.connEdit(c.id)} onClick={() => editor.open({ mode: 'edit', connection: c }, connectionFormValues(c))}>
              {t('common.edit')}
            </RowAction>
            <RowAction danger icon={<DeleteOutlined />} testId={VECTOR_IDS.connDelete(c.id)} confirm={t('common.confirmDelete')} onClick={() => remove.mutate(c)}>
              {t('common.delete')}
            </RowAction>
          </>
        )}
      />
      <ConnectionFormModal editor={editor} refresh={refreshAll} />
    </>
  );
}
