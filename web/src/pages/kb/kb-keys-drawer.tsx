import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { createKbKey, listKbKeys, revokeKbKey, type KbApiKey, type KbApiKeyCreated, type KnowledgeBase } from '../../api/kb';
import { RowAction } from '../../components/resource/actions';
import { useInvalidate, useResourceMutation } from '../../components/resource/use-resource-mutation';
import { rowTestId } from '../../components/test-ids';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { copyText } from '../tools/llm-clean/copy-text';
import { difyApiEndpoint, difyCurl, difyRetrievalUrl } from './logic/retrieval';
import { keyNameError, orderKeys, KEY_NAME_MAX } from './logic/keys';
import { KB_IDS as IDS } from './test-ids';

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/** How to connect Dify to this knowledge base: the endpoint, the key, the knowledge id. */
function DifyHelp({ kb }: { kb: KnowledgeBase }) {
  const t = useT();
  const origin = window.location.origin;
  return (
    <Card size="small" title={t('kb.dify.title')} data-testid={IDS.difyHelp}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('kb.dify.intro')}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('kb.dify.endpoint')}>
          <Typography.Text copyable code data-testid={IDS.difyEndpoint}>{difyApiEndpoint(origin)}</Typography.Text>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.dify.endpointHint', { url: difyRetrievalUrl(origin) })}</Typography.Text></div>
        </Descriptions.Item>
        <Descriptions.Item label={t('kb.dify.apiKey')}>{t('kb.dify.apiKeyHint')}</Descriptions.Item>
        <Descriptions.Item label={t('kb.dify.knowledgeId')}>
          <Typography.Text copyable code data-testid={IDS.difyKnowledgeId}>{String(kb.id)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 4px' }}>{t('kb.dify.try')}</Typography.Paragraph>
      <Typography.Paragraph copyable style={{ margin: 0 }}>
        <pre style={{ margin: 0, fontFamily: MONO, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {difyCurl(origin, { id: kb.id, ...kb.retrievalConfig }, { query: t('kb.dify.sampleQuery'), key: t('kb.dify.sampleKey') })}
        </pre>
      </Typography.Paragraph>
    </Card>
  );
}

/** The key just created: shown this once, with a copy button and the warning that it will not be shown again. */
function CreatedKey({ created, onClose }: { created: KbApiKeyCreated; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  async function copy() {
    if (await copyText(created.key)) message.success(t('kb.key.copied'));
    else message.error(t('kb.key.copyFailed'));
  }
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid={IDS.keyCreated}
      title={t('kb.key.createdTitle', { name: created.name })}
      description={
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('kb.key.once')}</Typography.Text>
          <Input readOnly value={created.key} style={{ fontFamily: MONO }} data-testid={IDS.keyCreatedValue} onFocus={(e) => e.target.select()} />
          <Space>
            <Button type="primary" icon={<CopyOutlined />} onClick={() => void copy()} data-testid={IDS.keyCopy}>{t('kb.key.copy')}</Button>
            <Button onClick={onClose} data-testid={IDS.keyCreatedClose}>{t('kb.key.saved')}</Button>
          </Space>
        </Flex>
      }
    />
  );
}

/**
 * A knowledge base's API keys (for Dify's external knowledge API): listed masked with when they were last
 * used, created (the key shown once), revoked. Only holders of kb:config open it.
 */
export function KbKeysDrawer({ kb, onClose }: { kb: KnowledgeBase | null; onClose: () => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<KbApiKeyCreated | null>(null);
  const queryKey = ['kb', 'keys', kb?.id];
  const keys = useQuery({ queryKey, queryFn: () => listKbKeys(kb!.id), enabled: !!kb });
  const refresh = useInvalidate(queryKey);
  const create = useResourceMutation({
    mutationFn: (keyName: string) => createKbKey(kb!.id, keyName),
    onSuccess: (key) => {
      setCreated(key);
      setName('');
      setTouched(false);
    },
    refresh,
  });
  const revoke = useResourceMutation({ mutationFn: (key: KbApiKey) => revokeKbKey(kb!.id, key.id), success: t('kb.key.revoked'), refresh });
  const nameError = touched ? keyNameError(name) : null;

  function close() {
    setCreated(null);
    setName('');
    setTouched(false);
    onClose();
  }
  function submit() {
    setTouched(true);
    if (keyNameError(name) === null) create.mutate(name.trim());
  }

  const columns: TableColumnsType<KbApiKey> = [
    { title: t('kb.key.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('kb.key.masked'), dataIndex: 'masked', render: (v: string, k) => <Typography.Text code data-testid={IDS.keyMasked(k.id)}>{v}</Typography.Text> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, k) =>
        k.revokedAt ? (
          <Tag data-testid={IDS.keyStatus(k.id)} data-status="revoked">{t('kb.key.status.revoked', { at: formatTime(k.revokedAt) })}</Tag>
        ) : (
          <Tag color="success" data-testid={IDS.keyStatus(k.id)} data-status="active">{t('kb.key.status.active')}</Tag>
        ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
    { title: t('kb.key.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatTime(v) : t('kb.key.neverUsed')) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, k) =>
        k.revokedAt ? null : (
          <RowAction danger icon={<StopOutlined />} testId={IDS.keyRevoke(k.id)} confirm={t('kb.key.revokeConfirm')} onClick={() => revoke.mutate(k)}>
            {t('kb.key.revoke')}
          </RowAction>
        ),
    },
  ];

  return (
    <Drawer open={!!kb} size={820} onClose={close} destroyOnHidden title={kb ? t('kb.keys.title', { name: kb.name }) : ''} data-testid={IDS.keysDrawer}>
      {kb ? (
        <Flex vertical gap={16}>
          {created ? <CreatedKey created={created} onClose={() => setCreated(null)} /> : null}
          <Flex gap={8} align="flex-start">
            <Flex vertical style={{ flex: 1 }}>
              <Input
                value={name}
                maxLength={KEY_NAME_MAX}
                status={nameError ? 'error' : undefined}
                placeholder={t('kb.key.namePlaceholder')}
                data-testid={IDS.keyName}
                onChange={(e) => setName(e.target.value)}
                onPressEnter={submit}
              />
              {nameError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{t(nameError)}</Typography.Text> : null}
            </Flex>
            <Button type="primary" icon={<KeyOutlined />} loading={create.isPending} onClick={submit} data-testid={IDS.keyCreate}>
              {t('kb.key.create')}
            </Button>
          </Flex>
          <Table<KbApiKey>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={keys.data ? orderKeys(keys.data) : undefined}
            loading={keys.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('kb.key.empty') }}
            onRow={rowTestId<KbApiKey>(IDS.keysTable)}
          />
          <DifyHelp kb={kb} />
        </Flex>
      ) : null}
    </Drawer>
  );
}
