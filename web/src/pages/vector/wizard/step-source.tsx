import { Alert, Button, Empty, Radio, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { listWizardDatabases, listWizardTables, type SourceTableInfo } from '../../../api/vectors';
import { rowTestId, VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import { WIZARD_KEY } from '../keys';
import { makeMain, reconcileTables } from '../logic/wizard-plan';

/** Step 1: the source connection to read. */
export function StepConnection({ dbId, onChange }: { dbId: number | null; onChange: (dbId: number) => void }) {
  const t = useT();
  const databases = useQuery({ queryKey: [...WIZARD_KEY, 'databases'], queryFn: listWizardDatabases });
  if (databases.isSuccess && !databases.data.length) return <Empty description={t('vector.wizard.connection.empty')} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('vector.wizard.connection.pick')}</Typography.Paragraph>
      <Radio.Group value={dbId} onChange={(e) => onChange(e.target.value as number)} style={{ width: '100%' }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {databases.isLoading && <Typography.Text type="secondary">…</Typography.Text>}
          {databases.data?.map((d) => (
            <Radio key={d.id} value={d.id} data-testid={VECTOR_IDS.wizardConnection(d.id)}>
              <Typography.Text strong>{d.name}</Typography.Text>{' '}
              <Tag>{d.type}</Tag>
              <Typography.Text type="secondary">{`${d.host} / ${d.database}`}</Typography.Text>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </>
  );
}

/** Step 2: the tables to read, with their row estimates; the first one chosen is the main table. */
export function StepTables({ dbId, tables, onChange }: { dbId: number; tables: string[]; onChange: (tables: string[]) => void }) {
  const t = useT();
  const list = useQuery({ queryKey: [...WIZARD_KEY, 'tables', dbId], queryFn: () => listWizardTables(dbId) });
  const columns: TableColumnsType<SourceTableInfo> = [
    {
      title: t('vector.wizard.tables.name'),
      dataIndex: 'id',
      render: (id: string) => (
        <Space>
          <Typography.Text code>{id}</Typography.Text>
          {tables[0] === id && <Tag color="blue">{t('vector.wizard.tables.main')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('vector.wizard.tables.rows'),
      dataIndex: 'rowEstimate',
      align: 'right',
      render: (n: number) => (n < 0 ? <Typography.Text type="secondary">{t('vector.wizard.tables.unknownRows')}</Typography.Text> : `≈ ${n.toLocaleString()}`),
    },
    { title: t('vector.wizard.tables.comment'), dataIndex: 'comment', render: (v?: string) => v || '-' },
    {
      key: 'main',
      render: (_, row) =>
        tables.includes(row.id) && tables[0] !== row.id ? (
          <Button size="small" type="link" onClick={() => onChange(makeMain(tables, row.id))} data-testid={VECTOR_IDS.wizardMain(row.id)}>
            {t('vector.wizard.tables.setMain')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('vector.wizard.tables.hint')} />
      <Table<SourceTableInfo>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data}
        pagination={false}
        scroll={{ y: 420 }}
        onRow={rowTestId<SourceTableInfo>(VECTOR_IDS.wizardTables, (r) => r.id)}
        rowSelection={{ selectedRowKeys: tables, onChange: (keys) => onChange(reconcileTables(tables, keys as string[])) }}
        data-testid={VECTOR_IDS.wizardTables}
      />
    </>
  );
}
