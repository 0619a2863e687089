import { Alert, Card, Col, Flex, Form, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { SourceFieldInfo } from '../../../api/vectors';
import { rowTestId, VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import type { JoinDraft } from '../logic/wizard-plan';

interface StepFieldsProps {
  tables: string[];
  fieldsOf: (table: string) => SourceFieldInfo[] | undefined;
  loading: (table: string) => boolean;
  fieldKeys: string[];
  onFieldKeys: (keys: string[]) => void;
  joins: JoinDraft[];
  onJoins: (joins: JoinDraft[]) => void;
  /** Asked for when the main table declares no primary key. */
  primaryKey: string[];
  onPrimaryKey: (keys: string[]) => void;
}

/** True when the main table's fields are known and none is a declared primary key. */
export const needsPrimaryKey = (mainFields: readonly SourceFieldInfo[] | undefined) => !!mainFields?.length && !mainFields.some((f) => f.primaryKey);

/** Step 3: the fields of each table (checkbox tables with type and key badges) and how the tables join. */
export function StepFields({ tables, fieldsOf, loading, fieldKeys, onFieldKeys, joins, onJoins, primaryKey, onPrimaryKey }: StepFieldsProps) {
  const t = useT();
  const columns: TableColumnsType<SourceFieldInfo> = [
    { title: t('vector.wizard.fields.column'), dataIndex: 'column', render: (v: string, f) => <Space><Typography.Text code>{v}</Typography.Text>{f.comment && <Typography.Text type="secondary">{f.comment}</Typography.Text>}</Space> },
    { title: t('vector.wizard.fields.type'), dataIndex: 'type', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
    {
      title: t('vector.wizard.fields.keys'),
      key: 'keys',
      render: (_, f) => (
        <Space size={4}>
          {f.primaryKey && <Tag color="gold">PK</Tag>}
          {f.unique && !f.primaryKey && <Tag color="purple">UNIQUE</Tag>}
          {f.nullable && <Tag>{t('vector.wizard.fields.nullable')}</Tag>}
        </Space>
      ),
    },
  ];
  const optionsOf = (list: readonly string[]) =>
    list.flatMap((table) => (fieldsOf(table) ?? []).map((f) => ({ value: f.key, label: `${f.key} (${f.type})` })));
  const setJoin = (table: string, patch: Partial<JoinDraft>) => onJoins(joins.map((j) => (j.table === table ? { ...j, ...patch } : j)));

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('vector.wizard.fields.hint')}</Typography.Text>
      {tables.map((table, i) => {
        const fields = fieldsOf(table) ?? [];
        const keys = fields.map((f) => f.key);
        return (
          <Card
            key={table}
            size="small"
            title={<Space><Typography.Text code>{table}</Typography.Text>{i === 0 && <Tag color="blue">{t('vector.wizard.tables.main')}</Tag>}</Space>}
            data-testid={VECTOR_IDS.wizardFields(table)}
          >
            <Table<SourceFieldInfo>
              rowKey="key"
              size="small"
              loading={loading(table)}
              columns={columns}
              dataSource={fields}
              pagination={false}
              onRow={rowTestId<SourceFieldInfo>(VECTOR_IDS.wizardFields(table), (f) => f.column)}
              rowSelection={{
                selectedRowKeys: fieldKeys.filter((k) => keys.includes(k)),
                onChange: (chosen) => onFieldKeys([...fieldKeys.filter((k) => !keys.includes(k)), ...(chosen as string[])]),
              }}
            />
            {i === 0 && needsPrimaryKey(fields) && (
              <Form layout="vertical" style={{ marginTop: 12 }}>
                <Form.Item label={t('vector.wizard.fields.primaryKey')} extra={t('vector.wizard.fields.primaryKeyHint')} required>
                  <Select
                    mode="multiple"
                    value={primaryKey}
                    onChange={onPrimaryKey}
                    options={fields.map((f) => ({ value: f.key, label: `${f.column} (${f.type})` }))}
                    data-testid="vector-wizard-primary-key"
                  />
                </Form.Item>
              </Form>
            )}
          </Card>
        );
      })}
      {joins.length > 0 && (
        <Card size="small" title={t('vector.wizard.joins.title')}>
          <Form layout="vertical">
            {joins.map((j) => {
              const before = tables.slice(0, tables.indexOf(j.table));
              return (
                <Row key={j.table} gutter={12} data-testid={VECTOR_IDS.wizardJoin(j.table)}>
                  <Col span={10}>
                    <Form.Item label={t('vector.wizard.joins.left')} required>
                      <Select showSearch value={j.left} options={optionsOf(before)} onChange={(left: string) => setJoin(j.table, { left })} data-testid={`${VECTOR_IDS.wizardJoin(j.table)}-left`} />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item label={t('vector.wizard.joins.right', { table: j.table })} required>
                      <Select showSearch value={j.right} options={optionsOf([j.table])} onChange={(right: string) => setJoin(j.table, { right })} data-testid={`${VECTOR_IDS.wizardJoin(j.table)}-right`} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item label={t('vector.wizard.joins.type')}>
                      <Select
                        value={j.type}
                        onChange={(type: JoinDraft['type']) => setJoin(j.table, { type })}
                        options={[
                          { value: 'inner', label: t('vector.wizard.joins.inner') },
                          { value: 'left', label: t('vector.wizard.joins.leftJoin') },
                        ]}
                        data-testid={`${VECTOR_IDS.wizardJoin(j.table)}-type`}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              );
            })}
          </Form>
        </Card>
      )}
      {!fieldKeys.length && <Alert type="warning" showIcon title={t('vector.wizard.fields.none')} />}
    </Flex>
  );
}
